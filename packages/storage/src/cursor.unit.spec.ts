import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@pcn/platform';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('cursor', () => {
  const signature = '["items",{"kind":"all"},[{"field":"id","direction":"asc"}]]';

  it('round-trips sort values of every scalar type', () => {
    const values = [null, 3.5, true, 'Nghị định 𖬀 "quoted"', 'last-id'];
    const cursor = encodeCursor(values, signature);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, signature, values.length)).toEqual(values);
  });

  it('rejects cursors of another query', () => {
    const cursor = encodeCursor(['x', 'id'], signature);
    expect(() => decodeCursor(cursor, `${signature} `, 2)).toThrow(InvalidArgumentError);
  });

  it('rejects edited, truncated, malformed and oversized cursors', () => {
    const cursor = encodeCursor([1, 'id-1'], signature);
    const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as {
      v: unknown[];
      c: string;
    };
    const reencode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const bad: unknown[] = [
      reencode({ ...payload, v: [2, 'id-1'] }),
      reencode({ ...payload, c: 'x' }),
      reencode({ v: payload.v }),
      reencode({ ...payload, v: [{ $gt: 1 }, 'id-1'] }),
      reencode({ ...payload, v: [1, 2] }),
      reencode([1, 'id-1']),
      reencode(null),
      cursor.slice(0, 10),
      `${cursor}=`,
      'has spaces',
      '',
      42,
      null,
      'A'.repeat(70_000),
    ];
    for (const value of bad) {
      expect(() => decodeCursor(value, signature, 2), String(value).slice(0, 40)).toThrow(
        InvalidArgumentError,
      );
    }
    expect(() => decodeCursor(cursor, signature, 3)).toThrow(InvalidArgumentError);
  });

  it('names the after field in the error', () => {
    try {
      decodeCursor('nope', signature, 1);
      expect.unreachable();
    } catch (err) {
      expect((err as InvalidArgumentError).violations[0]?.field).toBe('after');
    }
  });
});
