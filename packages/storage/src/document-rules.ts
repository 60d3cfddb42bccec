import { BSON, type Document } from 'mongodb';
import { InvalidArgumentError } from '@pcn/platform';
import { readIndexValue, readMultiValues, type ResolvedSpec } from './collection-spec.js';

/**
 * The largest document either store accepts: MongoDB's BSON limit (`maxBsonObjectSize`, 16 MiB),
 * measured on the record MongoDB would store (`{ _id, version, doc, ix }`, see `mongo.query.ts`).
 * SQLite measures the same record, so a document that one store takes the other takes too.
 */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * Below this many UTF-16 units of JSON a document cannot reach the limit, and is not measured.
 * BSON costs at most about 6.5 bytes per JSON character (`[0,0,…]`: 2 characters, 13 bytes each
 * with the array index as a key; measured in `document-rules.unit.spec.ts`) and the index copies
 * add at most 3 bytes per character; 20 leaves a wide margin, and only documents over ~800 K
 * characters pay for an exact measure.
 */
const UNMEASURED_JSON_LENGTH = Math.floor(MAX_DOCUMENT_BYTES / 20);

/**
 * A lone surrogate as `JSON.stringify` writes it (`\udXXX`, lower case, since ES2019), not preceded
 * by an escaping backslash. Paired surrogates are written as they are, never escaped.
 */
const ESCAPED_LONE_SURROGATE = /(?<!\\)(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/;
const ESCAPED_NUL = /(?<!\\)(?:\\\\)*\\u0000/;
// In a `u` regex a surrogate class matches only surrogates that are not part of a pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Whether `text` holds a UTF-16 surrogate that is not half of a pair. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Whether any string in `value` (a JSON-like value, keys included) holds a lone surrogate. */
export function containsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return hasLoneSurrogate(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(containsLoneSurrogate);
  return Object.entries(value).some(
    ([key, element]) => hasLoneSurrogate(key) || containsLoneSurrogate(element),
  );
}

/** Throws `InvalidArgumentError` on `field` when `text` is not well-formed Unicode. */
export function assertWellFormed(text: string, field: string): void {
  if (hasLoneSurrogate(text)) throw illFormed(field);
}

function illFormed(field: string): InvalidArgumentError {
  return new InvalidArgumentError([
    { field, description: 'must be well-formed Unicode (it holds a lone surrogate)' },
  ]);
}

/**
 * Checks what both stores must refuse before writing a document, given its JSON (as
 * `documentJson` made it) and, when the caller has it already, that JSON parsed:
 *
 * - a lone surrogate in any key or string: MongoDB encodes strings as UTF-8 with `Buffer.write`
 *   (bson `src/utils/node_byte_utils.ts`, `encodeUTF8Into`), which turns it into U+FFFD, and
 *   SQLite binds id and index values the same way: the text would change silently;
 * - NUL in a key: BSON keys are C strings, and bson's serializer throws a `BSONError` (bson
 *   `src/parser/serializer.ts`, "must not contain null bytes");
 * - a stored record over `MAX_DOCUMENT_BYTES`, which MongoDB refuses.
 */
export function assertStorable(resolved: ResolvedSpec, json: string, parsed?: Document): void {
  let clean = parsed;
  // `JSON.stringify` writes `\u` escapes only for control characters and lone surrogates, so most
  // documents skip both scans.
  const escapes = json.includes('\\u');
  if (escapes && ESCAPED_LONE_SURROGATE.test(json)) throw illFormed('document');
  if (escapes && ESCAPED_NUL.test(json)) {
    clean ??= JSON.parse(json) as Document;
    const path = nulKeyPath(clean, '');
    if (path !== null) {
      throw new InvalidArgumentError([
        { field: path, description: 'a key must not contain the NUL character' },
      ]);
    }
  }
  if (json.length <= UNMEASURED_JSON_LENGTH) return;
  clean ??= JSON.parse(json) as Document;
  const bytes = recordSize(resolved, clean);
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new InvalidArgumentError([
      {
        field: 'document',
        description: `is ${bytes} bytes as stored; the most is ${MAX_DOCUMENT_BYTES} (16 MiB)`,
      },
    ]);
  }
}

/** The BSON size of the record MongoDB stores for `doc` (see `mongo.query.ts` for the layout). */
export function recordSize(resolved: ResolvedSpec, doc: Document): number {
  const ix: Document = {};
  for (const index of resolved.scalarIndexes) {
    const value = readIndexValue(doc, index);
    if (value !== null) ix[index.name] = value;
  }
  for (const index of resolved.multiIndexes) {
    const values = readMultiValues(doc, index);
    if (values.length > 0) ix[index.name] = values;
  }
  // The largest version an int32 holds, so the estimate never falls short of the real record.
  return BSON.calculateObjectSize({ _id: doc.id as unknown, version: 2 ** 31, doc, ix });
}

/** The dotted path of the first key holding NUL, or null. */
function nulKeyPath(value: unknown, prefix: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (const [i, element] of value.entries()) {
      const found = nulKeyPath(element, `${prefix}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, element] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    // The path names where the key is; the NUL itself is shown escaped.
    if (key.includes('\u0000')) return path.replaceAll('\u0000', '\\u0000');
    const found = nulKeyPath(element, path);
    if (found !== null) return found;
  }
  return null;
}
