// Types only: see widget-react.d.ts. Importing it at run time does nothing.
export {};
