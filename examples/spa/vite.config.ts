import { defineConfig } from 'vite';

// In development the Express example (or your backend) serves /api on port 3000.
export default defineConfig({
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: { outDir: 'dist', emptyOutDir: true },
});
