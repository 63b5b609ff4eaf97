/**
 * The viewer's build: one static index.html (script, styles and the decode
 * worker inline) in dist/, that works from any web server and from file://.
 * Workspace packages are bundled from their sources (the `development`
 * export condition), so `pnpm viewer` needs no build of them first.
 */
import { defineConfig } from 'vite';
import { browserOnly, csp, singleFile } from './scripts/vite-plugins.ts';

export default defineConfig({
  base: './',
  resolve: { conditions: ['development', 'browser', 'module', 'import', 'default'] },
  plugins: [browserOnly(), singleFile(), csp()],
  worker: { format: 'iife', plugins: () => [browserOnly()] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    cssCodeSplit: false,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    reportCompressedSize: false
  },
  server: { port: 5180 },
  preview: { port: 5180 }
});
