import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is a static single-page app served by the gateway (see docs/architecture.md).
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:4820', ws: true },
    },
  },
});
