import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '@pcn/platform';
import type { JsonScalar } from './store.contract.js';

/** Longest cursor accepted; sort values are index values, which are short in practice. */
export const MAX_CURSOR_LENGTH = 65_536;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

interface CursorPayload {
  /** The last item's sort values, ending with its id. */
  v: JsonScalar[];
  /** Checksum over the query signature and `v`. */
  c: string;
}

/**
 * Encodes a cursor: base64url JSON of the last item's sort values plus a checksum binding them to
 * the query (collection, filter, sort). The checksum is not a secret: it catches corrupted or
 * hand-edited cursors and cursors reused with another query, not a determined forger, who could
 * only ask for a page of data the same query would return anyway.
 */
export function encodeCursor(values: readonly JsonScalar[], querySignature: string): string {
  const payload: CursorPayload = { v: [...values], c: checksum(querySignature, values) };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` for the same query and returns its sort values, or
 * throws `InvalidArgumentError` (field `after`) for anything malformed, altered or foreign.
 */
export function decodeCursor(
  cursor: unknown,
  querySignature: string,
  valueCount: number,
): JsonScalar[] {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) {
    throw invalidCursor();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidCursor();
  const { v, c } = parsed as Partial<Record<keyof CursorPayload, unknown>>;
  if (!Array.isArray(v) || typeof c !== 'string' || v.length !== valueCount) throw invalidCursor();
  const values = v as unknown[];
  if (!values.every(isScalar) || typeof values[values.length - 1] !== 'string') {
    throw invalidCursor();
  }
  if (c !== checksum(querySignature, values)) throw invalidCursor();
  return values;
}

function checksum(querySignature: string, values: readonly JsonScalar[]): string {
  return createHash('sha256')
    .update(querySignature)
    .update('\u0000')
    .update(JSON.stringify(values))
    .digest('base64url')
    .slice(0, 22);
}

function invalidCursor(): InvalidArgumentError {
  return new InvalidArgumentError([
    { field: 'after', description: 'is not a valid cursor for this query; start again without it' },
  ]);
}

function isScalar(value: unknown): value is JsonScalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
