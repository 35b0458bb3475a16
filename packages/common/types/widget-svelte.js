// Types only: see widget-svelte.d.ts. Importing it at run time does nothing.
export {};
