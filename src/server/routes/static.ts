// GET /static/:file — a fixed allow-list of assets read once at start-up (web/static and lunr
// from node_modules), served with their content type, an ETag and a day of caching.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const require = createRequire(import.meta.url);

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const SOURCES: Record<string, { file: () => string; type: string }> = {
  'style.css': { file: () => path.join(repoRoot, 'web/static/style.css'), type: 'text/css; charset=utf-8' },
  'app.js': { file: () => path.join(repoRoot, 'web/static/app.js'), type: 'text/javascript; charset=utf-8' },
  'favicon.svg': { file: () => path.join(repoRoot, 'web/static/favicon.svg'), type: 'image/svg+xml' },
  'lunr.min.js': { file: () => require.resolve('lunr/lunr.min.js'), type: 'text/javascript; charset=utf-8' },
};

/** The assets by name (read on first use, then kept). */
let assets: Map<string, Asset> | null = null;
export function staticAssets(): Map<string, Asset> {
  if (assets) return assets;
  assets = new Map();
  for (const [name, s] of Object.entries(SOURCES)) {
    const body = fs.readFileSync(s.file());
    assets.set(name, { body, type: s.type, etag: `"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 16)}"` });
  }
  return assets;
}

const staticRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const files = staticAssets();
  app.get('/static/:file', { schema: { params: Type.Object({ file: Type.String({ maxLength: 64 }) }) } }, async (req, reply) => {
    const a = files.get(req.params.file);
    if (!a) return reply.code(404).type('text/plain; charset=utf-8').send('no such asset');
    reply.header('cache-control', 'public, max-age=86400').header('etag', a.etag);
    if (req.headers['if-none-match'] === a.etag) return reply.code(304).send();
    return reply.type(a.type).send(a.body);
  });
  // browsers ask for it whatever the page says
  app.get('/favicon.ico', async (_req, reply) => reply.code(301).header('location', '/static/favicon.svg').send());
};

export default staticRoutes;
