import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

export interface StaticDir {
  /** URL prefix the folder is served under. */
  prefix: string;
  dir: string;
  /**
   * The only files served, as paths inside `dir` (`embed/panel.html`); anything else in the folder
   * answers 404. A folder with a list is also kept out of frames (see `frameable`).
   */
  files?: readonly string[];
  /** Files of the list that pages on the allowed origins may frame; the others send `frame-ancestors 'none'`. */
  frameable?: readonly string[];
}

/** The browser files and demo pages that `--demo` serves, and nothing else from the package. */
export function demoStaticDirs(packageRoot: string): StaticDir[] {
  const bundles = ['ringnity-agent.js', 'ringnity-agent-calls.js', 'ringnity-agent-call-view.js', 'ringnity-agent-thread.js', 'ringnity-agent-de.js', 'ringnity-host.js'];
  // docs/api-viewer.js: the docs page's viewer (api-viewer-element), bundled by the build without a map.
  return [
    { prefix: '/dist', dir: path.join(packageRoot, 'dist'), files: [...bundles.flatMap((file) => [file, `${file}.map`]), 'docs/api-viewer.js'] },
    {
      prefix: '/',
      dir: path.join(packageRoot, 'demo'),
      files: ['index.html', 'customer.html', 'flow.html', 'docs.html', ...['host.html', 'host.css', 'host.js', 'panel.html', 'panel.css', 'panel.js'].map((f) => `embed/${f}`)],
      // The agent panel is made to sit in a CRM page's iframe; the CRM pages themselves are not.
      frameable: ['embed/panel.html'],
    },
    // The manifest the docs page reads; editors and tools find the same file in the package.
    { prefix: '/', dir: packageRoot, files: ['custom-elements.json'] },
  ];
}

/**
 * Mount each folder. `frameAncestors` is the CSP source list of the origins allowed to frame a
 * frameable file: the same origins the API allows.
 */
export function mountStaticDirs(app: Hono, dirs: readonly StaticDir[], frameAncestors: string): void {
  for (const { prefix, dir, files, frameable } of dirs) {
    const root = path.relative(process.cwd(), dir) || '.';
    const mount = prefix.replace(/\/+$/, '');
    const serve = serveStatic({ root, rewriteRequestPath: (p) => p.slice(mount.length) || '/' });
    if (!files) {
      app.use(`${mount}/*`, serve);
      continue;
    }
    const allowed = new Set(files);
    const framed = new Set(frameable ?? []);
    app.use(`${mount}/*`, async (c, next) => {
      let relative: string;
      try {
        relative = decodeURIComponent(c.req.path.slice(mount.length)).replace(/^\/+/, '');
      } catch {
        return next();
      }
      if (relative === '') relative = 'index.html';
      if (!allowed.has(relative)) return next();
      const response = await serve(c, next);
      const policy = framed.has(relative) ? `frame-ancestors ${frameAncestors}` : "frame-ancestors 'none'";
      c.header('Content-Security-Policy', policy);
      if (!framed.has(relative)) c.header('X-Frame-Options', 'DENY');
      return response;
    });
  }
}
