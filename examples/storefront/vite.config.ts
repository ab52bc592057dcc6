import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * `npm run storefront` (from the repository root) serves the shop on http://127.0.0.1:5173 against the gateway
 * at VITE_GATEWAY_URL (default http://127.0.0.1:4000/graphql). STOREFRONT_PORT moves the dev server.
 */
export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: Number(process.env.STOREFRONT_PORT ?? 5173),
    strictPort: true,
  },
  preview: {
    host: '127.0.0.1',
    port: Number(process.env.STOREFRONT_PORT ?? 4173),
    strictPort: true,
  },
  build: { sourcemap: true },
});
