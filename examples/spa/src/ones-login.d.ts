// `<ones-login>` in TSX: its attributes, and its events as React 19 listens to a custom element's
// events (`on` + the event's name).
import type { OnesLoginDetail, OnesLoginErrorDetail } from '@ones.dev/common/widget';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'ones-login': DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & {
        readonly host?: string;
        readonly 'base-path'?: string;
        readonly mode?: 'session' | 'tokens';
        readonly tabs?: string;
        readonly locale?: string;
        readonly theme?: 'light' | 'dark';
        readonly 'onones-login'?: (event: CustomEvent<OnesLoginDetail>) => void;
        readonly 'onones-error'?: (event: CustomEvent<OnesLoginErrorDetail>) => void;
      };
    }
  }
}
