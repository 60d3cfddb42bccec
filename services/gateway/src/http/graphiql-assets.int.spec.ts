import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tempDir, uniquePrefix, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../gateway.js';
import { startTestGateway } from '../testing/gateway-harness.js';
import { ASSET_PREFIX, GRAPHIQL_VERSION } from './graphiql-assets.js';

// GraphiQL in development without the internet: the page names only this gateway's assets, and
// the gateway serves each of them.
let dir: TempDir;
let dev: Gateway;
let notDev: Gateway;
let base: string;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-graphiql-');
  dev = await startTestGateway({
    BUS_PREFIX: uniquePrefix('gwg'),
    SQLITE_FILE: dir.file('gateway.db'),
    NODE_ENV: 'development',
  });
  notDev = await startTestGateway({
    BUS_PREFIX: uniquePrefix('gwg'),
    SQLITE_FILE: dir.file('gateway-test.db'),
  });
  base = dev.url.replace('/graphql', '');
});

afterAll(async () => {
  await dev?.lifecycle.shutdown('test done');
  await notDev?.lifecycle.shutdown('test done');
  await dir?.remove();
});

async function graphiqlPage(url: string) {
  const res = await fetch(url, { headers: { accept: 'text/html' } });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    html: await res.text(),
  };
}

describe('GraphiQL offline', () => {
  it('names only assets of this gateway, and each is served (200), workers included', async () => {
    const page = await graphiqlPage(dev.url);
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    const referenced = [...page.html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)].map((m) => m[1]!);
    const workers = [...page.html.matchAll(/"(\/graphiql\/[^"]+\.worker\.js)"/g)].map((m) => m[1]!);
    expect(referenced.length).toBeGreaterThanOrEqual(2);
    expect(workers).toHaveLength(3);
    // Same origin: paths on this gateway, nothing on another host (no CDN).
    for (const url of [...referenced, ...workers]) expect(url).toMatch(/^\/graphiql\/[\w./-]+$/);
    expect(page.html).not.toMatch(/unpkg|jsdelivr|cdn\.|https?:\/\//);
    for (const path of [...referenced, ...workers]) {
      const res = await fetch(`${base}${path}`);
      expect(`${res.status} ${path}`).toBe(`200 ${path}`);
      expect(res.headers.get('content-type')).toMatch(/^text\/(javascript|css)/);
      expect(res.headers.get('cache-control')).toContain('immutable');
      expect((await res.text()).length).toBeGreaterThan(1000);
    }
    const script = await (await fetch(`${base}${ASSET_PREFIX}graphiql.js`)).text();
    expect(script).toContain('renderYogaGraphiQL');
  });

  it('answers 404 to assets it does not have and 405 to writes', async () => {
    for (const path of [
      `${ASSET_PREFIX}nope.js`,
      `${ASSET_PREFIX}../../package.json`,
      `${ASSET_PREFIX}%2e%2e%2fpackage.json`,
      '/graphiql/0.0.1/graphiql.js',
      `${ASSET_PREFIX}${'a'.repeat(5000)}.js`,
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      await res.body?.cancel();
    }
    const post = await fetch(`${base}${ASSET_PREFIX}graphiql.js`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('is not served outside development', async () => {
    const res = await fetch(`${notDev.url.replace('/graphql', '')}${ASSET_PREFIX}graphiql.js`);
    expect(res.status).toBe(404);
    await res.body?.cancel();
    const page = await graphiqlPage(notDev.url);
    expect(page.html).not.toContain('YogaGraphiQL');
  });

  it('pins the asset path to the installed render-graphiql version', () => {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(
      readFileSync(
        require.resolve('@graphql-yoga/render-graphiql/package.json').replace(/\\/g, '/'),
        'utf8',
      ),
    ) as { version: string };
    expect(GRAPHIQL_VERSION).toBe(pkg.version);
  });
});
