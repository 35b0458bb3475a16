// Types only: see widget-vue.d.ts. Importing it at run time does nothing.
export {};
