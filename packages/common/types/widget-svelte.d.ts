// `<ones-login>` in Svelte 5 markup (checked by svelte-check): `import '@ones.dev/common/widget/svelte'`
// once (or list it in tsconfig's `types`), next to `import '@ones.dev/common/widget'`, which defines the
// element. Svelte sets its attributes as written and listens to its events as `on` + the event's name:
// `<ones-login locale="de" onones-login={(event) => event.detail.user}></ones-login>`.

import type { OnesLoginAttributes, OnesLoginEventHandlers } from '@ones.dev/common/widget';
import type { HTMLAttributes } from 'svelte/elements';

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'ones-login': HTMLAttributes<HTMLElement> & OnesLoginAttributes & OnesLoginEventHandlers;
  }
}
