import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// `<ones-login>` is a custom element, not a Vue component: Vue's compiler leaves it to the browser.
// In development your backend (e.g. examples/express, the login kit in session mode) serves /api.
export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'ones-login' } } })],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: { outDir: 'dist', emptyOutDir: true },
});
