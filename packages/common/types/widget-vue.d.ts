// `<ones-login>` in Vue 3 templates (checked by vue-tsc): `import '@ones.dev/common/widget/vue'` once
// (or list it in tsconfig's `types`), next to `import '@ones.dev/common/widget'`, which defines the
// element. Tell Vue's compiler the tag is a custom element (Vite: `vue({ template: { compilerOptions:
// { isCustomElement: (tag) => tag === 'ones-login' } } })`). Vue sets its attributes as written and
// passes the element's own events to `@`-listeners:
// `<ones-login locale="de" @ones-login="(event) => event.detail.user" />`.

import type {
  OnesLoginAttributes,
  OnesLoginDetail,
  OnesLoginErrorDetail,
  OnesLoginState,
} from '@ones.dev/common/widget';
import type { ComponentOptionsMixin, DefineComponent, HTMLAttributes } from 'vue';

/** The element's events, as Vue's `emits`: `@ones-login`, `@ones-logout`, `@ones-error`, `@ones-state`. */
interface OnesLoginVueEvents {
  'ones-login': (event: CustomEvent<OnesLoginDetail>) => void;
  'ones-logout': (event: CustomEvent<Record<string, never>>) => void;
  'ones-error': (event: CustomEvent<OnesLoginErrorDetail>) => void;
  'ones-state': (event: CustomEvent<{ readonly state: OnesLoginState }>) => void;
}

/** Nothing: what the component type needs no more of (state, computed values, methods). */
type None = Record<never, never>;

declare module 'vue' {
  interface GlobalComponents {
    'ones-login': DefineComponent<
      HTMLAttributes & OnesLoginAttributes,
      None,
      None,
      None,
      None,
      ComponentOptionsMixin,
      ComponentOptionsMixin,
      OnesLoginVueEvents
    >;
  }
}
