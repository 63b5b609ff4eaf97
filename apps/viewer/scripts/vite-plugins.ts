/**
 * What the viewer's build adds to Vite:
 * - browserOnly: any import of a Node built-in fails the build, naming the
 *   importer. Vite would otherwise swap in an empty stub with a warning, and
 *   the page would break at run time, far from the cause.
 * - singleFile: the script and the styles go inline into index.html, so the
 *   built page is one file that works from any web server and from file://
 *   (a browser refuses module scripts from file:// URLs, not inline ones).
 * - csp: the built page carries a Content-Security-Policy that forbids every
 *   network request (connect-src 'none'): nothing leaves the machine, and the
 *   browser enforces it.
 */
import { builtinModules } from 'node:module';
import type { Plugin } from 'vite';

const BUILTINS = new Set(builtinModules);

export function browserOnly(): Plugin {
  return {
    name: 'pstore-viewer:browser-only',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id.startsWith('node:') || BUILTINS.has(id)) {
        this.error(`${importer ?? 'the entry'} imports ${id}: the viewer runs in a browser`);
      }
      return null;
    }
  };
}

/** `</script` would end the inline script early; `<\/script` means the same in JavaScript. */
const inlineSafe = (code: string) =>
  code.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');

export function singleFile(): Plugin {
  return {
    name: 'pstore-viewer:single-file',
    enforce: 'post',
    apply: 'build',
    generateBundle(_options, bundle) {
      const html = bundle['index.html'];
      if (html?.type !== 'asset' || typeof html.source !== 'string') {
        this.error('no index.html in the bundle');
      }
      let page = html.source;
      for (const [name, item] of Object.entries(bundle)) {
        if (item.type === 'chunk' && item.isEntry) {
          const tag = new RegExp(`<script type="module"[^>]*src="[^"]*${name}"[^>]*></script>`);
          if (!tag.test(page)) this.error(`index.html does not load ${name}`);
          page = page.replace(tag, () => `<script type="module">${inlineSafe(item.code)}</script>`);
          delete bundle[name];
        } else if (item.type === 'asset' && name.endsWith('.css')) {
          const tag = new RegExp(`<link rel="stylesheet"[^>]*href="[^"]*${name}"[^>]*>`);
          if (!tag.test(page)) this.error(`index.html does not load ${name}`);
          page = page.replace(tag, () => `<style>${String(item.source)}</style>`);
          delete bundle[name];
        }
      }
      const left = Object.keys(bundle).filter((n) => n !== 'index.html');
      if (left.length) this.error(`files left beside index.html: ${left.join(', ')}`);
      html.source = page;
    }
  };
}

const POLICY = [
  "default-src 'none'",
  // The page's own inline script and styles, and the decode worker started from a Blob URL.
  "script-src 'unsafe-inline' blob:",
  'worker-src blob: data:',
  "style-src 'unsafe-inline'",
  // Downloads are Blob URLs; nothing is fetched, sent or submitted.
  'img-src blob: data:',
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'"
].join('; ');

export function csp(): Plugin {
  return {
    name: 'pstore-viewer:csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: POLICY },
        injectTo: 'head-prepend'
      }
    ]
  };
}
