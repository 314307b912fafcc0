/**
 * The page and its assets, all served from here (no CDN, nothing fetched at run time): `index.html`,
 * `app.css`, and `app.js`, the page's TypeScript modules (`web/`) and their libraries bundled by
 * esbuild the first time the page is asked for (kept in memory afterwards).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const WEB_DIR = fileURLToPath(new URL('./web/', import.meta.url));

export function registerPageAssets(app: FastifyInstance): void {
  let bundle: Promise<string> | undefined;
  const page = (file: string, type: string) => async (_request: unknown, reply: { type(value: string): { send(body: string): unknown } }) =>
    reply.type(type).send(await readFile(`${WEB_DIR}${file}`, 'utf8'));
  app.get('/', page('index.html', 'text/html; charset=utf-8'));
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());
  app.get('/assets/app.css', page('app.css', 'text/css; charset=utf-8'));
  app.get('/assets/app.js', async (_request, reply) => {
    bundle ??= bundlePage().catch((error: unknown) => {
      bundle = undefined;
      throw error;
    });
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(await bundle);
  });
}

async function bundlePage(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [`${WEB_DIR}main.ts`],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
