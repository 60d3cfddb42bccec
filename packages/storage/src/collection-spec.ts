import { InvalidArgumentError } from '@pcn/platform';
import type { ElementValue } from './predicate.js';
import type { CollectionSpec, JsonScalar } from './store.contract.js';

/** The field every collection can be queried and sorted on, besides its declared indexes. */
export const ID_FIELD = 'id';

// Persisted names become table, column and index names, so they are kept to a safe alphabet; the
// `pcn_` prefix is reserved for the store's own tables (outbox, inbox, leases, metadata).
const NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
const PATH_SEGMENT_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED_COLLECTION_PREFIXES = ['pcn_', 'sqlite_', 'system'];

/** The most elements a multi-valued index may hold in one document. */
export const MAX_MULTI_VALUES = 10_000;

/** A validated collection spec with its indexes looked up by name. */
export interface ResolvedSpec {
  readonly spec: CollectionSpec;
  readonly name: string;
  readonly indexes: readonly ResolvedIndex[];
  readonly byName: ReadonlyMap<string, ResolvedIndex>;
  /** The single-valued indexes, in declaration order. */
  readonly scalarIndexes: readonly ResolvedIndex[];
  /** The multi-valued indexes, in declaration order. */
  readonly multiIndexes: readonly ResolvedIndex[];
  /** Stable text that changes whenever the name or any index changes. */
  readonly signature: string;
}

export interface ResolvedIndex {
  readonly name: string;
  readonly path: string;
  readonly segments: readonly string[];
  readonly unique: boolean;
  /** The path holds an array of strings and numbers: see `IndexSpec.multi`. */
  readonly multi: boolean;
}

const resolved = new WeakMap<CollectionSpec, ResolvedSpec>();

/**
 * Validates a collection spec once per spec object. A bad spec is a programming error, so this
 * throws a plain `Error` (not a domain error) naming what is wrong.
 */
export function resolveSpec(spec: CollectionSpec): ResolvedSpec {
  const cached = resolved.get(spec);
  if (cached) return cached;
  if (!NAME_PATTERN.test(spec.name)) {
    throw new Error(
      `Collection name "${spec.name}" must be lower_snake_case (at most 63 characters)`,
    );
  }
  if (RESERVED_COLLECTION_PREFIXES.some((prefix) => spec.name.startsWith(prefix))) {
    throw new Error(`Collection name "${spec.name}" uses a reserved prefix`);
  }
  const byName = new Map<string, ResolvedIndex>();
  for (const index of spec.indexes) {
    if (!NAME_PATTERN.test(index.name) || index.name === ID_FIELD) {
      throw new Error(
        `Index name "${index.name}" in ${spec.name} must be lower_snake_case and not "${ID_FIELD}"`,
      );
    }
    if (byName.has(index.name)) {
      throw new Error(`Index name "${index.name}" is declared twice in ${spec.name}`);
    }
    const segments = index.path.split('.');
    if (!segments.every((segment) => PATH_SEGMENT_PATTERN.test(segment))) {
      throw new Error(`Index path "${index.path}" in ${spec.name} must be dotted identifiers`);
    }
    // The store owns `version`; it is not part of the stored document.
    if (segments[0] === 'version') {
      throw new Error(`Index path "${index.path}" in ${spec.name} cannot read the store's version`);
    }
    const multi = index.multi === true;
    if (multi && index.unique === true) {
      throw new Error(`Index "${index.name}" in ${spec.name} cannot be both multi and unique`);
    }
    byName.set(index.name, {
      name: index.name,
      path: index.path,
      segments,
      unique: index.unique === true,
      multi,
    });
  }
  const indexes = [...byName.values()];
  // SQLite keeps a multi index `x` in a side table named after `m_x`, which must not clash with
  // the SQL index of another index of the same collection.
  for (const index of indexes) {
    if (!index.multi) continue;
    const clash = indexes.find(
      (other) => other.name === `m_${index.name}` || other.name === `m_${index.name}__by_value`,
    );
    if (clash) {
      throw new Error(
        `Index name "${clash.name}" in ${spec.name} clashes with the storage of multi index "${index.name}"`,
      );
    }
  }
  const signature = JSON.stringify([
    spec.name,
    [...indexes]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((i) => [i.name, i.path, i.unique, i.multi]),
  ]);
  const result: ResolvedSpec = {
    spec,
    name: spec.name,
    indexes,
    byName,
    scalarIndexes: indexes.filter((i) => !i.multi),
    multiIndexes: indexes.filter((i) => i.multi),
    signature,
  };
  resolved.set(spec, result);
  return result;
}

/** Reads a dotted path from a document; `undefined` when any step is missing or not an object. */
export function readPath(doc: unknown, segments: readonly string[]): unknown {
  let current: unknown = doc;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * The value an index holds for a document: the scalar at its path, or null when it is missing.
 * Mirrors JSON serialisation (non-finite numbers become null, -0 becomes 0). Objects and arrays
 * cannot be indexed and are rejected, so both adapters store exactly the same index values.
 */
export function readIndexValue(doc: unknown, index: ResolvedIndex): JsonScalar {
  const value = readPath(doc, index.segments);
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    return value === 0 ? 0 : value;
  }
  throw new InvalidArgumentError([
    {
      field: index.path,
      description: 'an indexed field must hold a string, number, boolean or null',
    },
  ]);
}

/**
 * The values a multi-valued index holds for a document: the distinct elements of the array at its
 * path, in first-seen order (empty when null or missing; -0 becomes 0). Anything but an array of
 * strings and finite numbers, or an array longer than `MAX_MULTI_VALUES`, is rejected with an
 * `InvalidArgumentError` naming the path, so both adapters index exactly the same values.
 */
export function readMultiValues(doc: unknown, index: ResolvedIndex): ElementValue[] {
  const value = readPath(doc, index.segments);
  if (value === undefined || value === null) return [];
  const invalid = (description: string) =>
    new InvalidArgumentError([{ field: index.path, description }]);
  if (!Array.isArray(value)) {
    throw invalid('a multi-valued indexed field must hold an array of strings or numbers, or null');
  }
  if (value.length > MAX_MULTI_VALUES) {
    throw invalid(`a multi-valued indexed field may hold at most ${MAX_MULTI_VALUES} elements`);
  }
  const out: ElementValue[] = [];
  const seen = new Set<ElementValue>();
  // A plain loop: holes in a sparse array are visited as undefined (JSON would write null).
  for (let i = 0; i < value.length; i += 1) {
    let element: unknown = value[i];
    if (typeof element === 'number' && Number.isFinite(element)) {
      if (element === 0) element = 0;
    } else if (typeof element !== 'string') {
      throw invalid(`element ${i} must be a string or a finite number`);
    }
    const v = element as ElementValue;
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

/** Checks the parts of a document the store relies on: an object with a non-empty string id. */
export function assertDocument(doc: unknown): asserts doc is { id: string } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new InvalidArgumentError([{ field: 'document', description: 'must be a JSON object' }]);
  }
  const id = (doc as { id?: unknown }).id;
  if (typeof id !== 'string' || id.length === 0) {
    throw new InvalidArgumentError([
      { field: ID_FIELD, description: 'must be a non-empty string' },
    ]);
  }
}

/** The document as stored: JSON without the store-owned `version`. */
export function documentJson(doc: object): string {
  if (!Object.prototype.hasOwnProperty.call(doc, 'version')) return JSON.stringify(doc);
  // Rest destructuring rather than `delete`, which would slow the copy down for V8.
  const { version: _version, ...rest } = doc as { version?: unknown };
  return JSON.stringify(rest);
}

/** The first value that occurs twice, if any. */
export function firstDuplicate<V>(values: Iterable<V>): V | undefined {
  const seen = new Set<V>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}
