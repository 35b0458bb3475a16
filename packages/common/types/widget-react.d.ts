// `<ones-login>` in React 19's TSX: `import '@ones.dev/common/widget/react'` once (or list it in
// tsconfig's `types`), next to `import '@ones.dev/common/widget'`, which defines the element.
// React 19 sets a custom element's attributes as written and listens to its events as `on` + the
// event's name: `<ones-login locale="de" onones-login={(event) => event.detail.user} />`.

import type { OnesLoginAttributes, OnesLoginEventHandlers } from '@ones.dev/common/widget';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'ones-login': DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> &
        OnesLoginAttributes &
        OnesLoginEventHandlers;
    }
  }
}
