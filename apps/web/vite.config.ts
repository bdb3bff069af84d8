import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const DEV_ORIGIN = 'http://localhost:5173';
const API_TARGET = 'http://localhost:3000';
// The origin the server checks mutations against (its APP_ORIGIN, SPEC §4).
const API_ORIGIN = process.env.APP_ORIGIN ?? API_TARGET;

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    // Workspace packages are consumed as TypeScript source, no prior build step.
    conditions: ['@gatehouse/source', 'module', 'browser', 'development|production'],
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/trpc': {
        target: API_TARGET,
        // The dev server stands in for the API's origin: a request from this page is relabelled
        // as coming from APP_ORIGIN, while any other Origin passes through untouched and is refused.
        configure: (proxy) => {
          proxy.on('proxyReq', (proxyReq, req) => {
            if (req.headers.origin === DEV_ORIGIN) proxyReq.setHeader('origin', API_ORIGIN);
          });
        },
      },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});
