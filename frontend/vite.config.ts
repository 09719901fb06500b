import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const apps = ['portal', 'console'] as const;

// In `vite dev`, serve each app's index.html for its client-side routes,
// the way the backend does in production.
function spaFallback(): Plugin {
  return {
    name: 'recoup-spa-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const path = req.url?.split('?')[0] ?? '';
        const app = apps.find((name) => path === `/${name}` || path.startsWith(`/${name}/`));
        if (app && !path.includes('.') && req.method === 'GET') req.url = `/${app}/index.html`;
        next();
      });
    },
  };
}

// Written by `npm run codegen` (scripts/trusted-documents.js); the backend reads it from dist/.
const trustedDocumentsManifest = resolve(import.meta.dirname, 'src/shared/graphql/trusted-documents.json');

// The build ships the manifest of trusted documents beside the apps it was built with, so a deploy
// that copies dist/ has the operations its browsers will send (the backend refuses any other in production).
function trustedDocuments(): Plugin {
  return {
    name: 'recoup-trusted-documents',
    apply: 'build',
    generateBundle() {
      const source = readFileSync(trustedDocumentsManifest, 'utf8');
      this.emitFile({ type: 'asset', fileName: 'trusted-documents.json', source });
    },
  };
}

const backend = process.env.RECOUP_DEV_BACKEND ?? 'http://127.0.0.1:8000';

export default defineConfig({
  base: '/',
  appType: 'mpa',
  plugins: [react(), spaFallback(), trustedDocuments()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      input: Object.fromEntries(apps.map((name) => [name, resolve(import.meta.dirname, name, 'index.html')])),
      output: {
        // Libraries change less often than the apps: separate chunks cache better.
        codeSplitting: {
          groups: [
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: 'graphql', test: /node_modules[\\/](graphql|@urql|urql|wonka)[\\/]/ },
            { name: 'shared', test: /src[\\/]shared[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/graphql': backend, '/auth': backend, '/api': backend },
  },
});
