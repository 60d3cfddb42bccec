import { describe, expect, it } from 'vitest';
import { PublicResponseCache } from './public-cache.js';

const answer = (bytes: number, fill = 'x') => ({
  status: 200,
  headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' },
  body: Buffer.from(`{"data":{"units":"${fill.repeat(Math.max(bytes - 21, 0))}"}}`),
  shared: true,
});

describe('the public answer cache', () => {
  it('holds no more bytes than its budget, however many different answers arrive', () => {
    const cache = new PublicResponseCache({ maxBytes: 1024 * 1024 });
    // 2,000 different 60 KB answers: 120 MB if kept by count.
    for (let i = 0; i < 2000; i++) cache.set(`n${i}`, `r${i}`, answer(60_000, String(i % 10)));
    expect(cache.stats.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(cache.stats.entries).toBeGreaterThan(0);
    expect(cache.stats.entries).toBeLessThan(20);
    // The newest are kept, the oldest went first.
    expect(cache.get('r1999')).toBeDefined();
    expect(cache.get('r0')).toBeUndefined();
  });

  it('serves but does not keep an answer larger than a sixteenth of the budget', () => {
    const cache = new PublicResponseCache({ maxBytes: 1024 * 1024 });
    cache.set('small', 'raw-small', answer(1000));
    cache.set('big', 'raw-big', answer(70_000));
    expect(cache.get('raw-big')).toBeUndefined();
    expect(cache.get('raw-small')?.body.length).toBe(1000);
  });

  it('lets go of expired answers as time passes, not only when they are asked for again', () => {
    let now = 0;
    const cache = new PublicResponseCache({
      maxBytes: 10 * 1024 * 1024,
      ttlMs: 30_000,
      now: () => now,
    });
    for (let i = 0; i < 50; i++) cache.set(`n${i}`, `r${i}`, answer(10_000));
    const full = cache.stats.bytes;
    expect(full).toBeGreaterThan(500_000);
    now += 30_001;
    // Any use of the cache drops what has expired, whatever key it was for.
    expect(cache.get('some-other-request')).toBeUndefined();
    expect(cache.stats).toMatchObject({ entries: 0, aliases: 0, bytes: 0 });
  });

  it('finds an answer by its normalised key under a new raw key, and remembers that alias', () => {
    const cache = new PublicResponseCache();
    cache.set('normalised', 'raw-1', answer(100));
    expect(cache.get('raw-2')).toBeUndefined();
    expect(cache.getNormalised('normalised', 'raw-2')?.body.length).toBe(100);
    expect(cache.get('raw-2')?.body.length).toBe(100);
    expect(cache.stats.entries).toBe(1);
    cache.invalidate();
    expect(cache.get('raw-1')).toBeUndefined();
    expect(cache.stats.bytes).toBe(0);
  });

  it('counts aliases against the budget, so that spelling variants cannot grow it either', () => {
    const cache = new PublicResponseCache({ maxBytes: 256 * 1024 });
    cache.set('normalised', 'raw-0', answer(1000));
    for (let i = 1; i < 100_000; i++) cache.getNormalised('normalised', `raw-${i}`);
    expect(cache.stats.bytes).toBeLessThanOrEqual(256 * 1024);
  });

  it('keys a request on the normalised document, its variables and the headers that matter', () => {
    const cache = new PublicResponseCache();
    const key = (document: string, variables = '{}', lang = 'vi') =>
      cache.normalisedKey(
        'public',
        'POST',
        { document, variables, operationName: '', extensions: 'null' },
        lang,
        'application/json',
      );
    expect(key('{units{id}}')).toBe(key('{units{id}}'));
    expect(key('{units{id}}')).not.toBe(key('{units{id name}}'));
    expect(key('{units{id}}', '{"a":1}')).not.toBe(key('{units{id}}', '{"a":2}'));
    expect(key('{units{id}}', '{}', 'hmn')).not.toBe(key('{units{id}}'));
  });
});
