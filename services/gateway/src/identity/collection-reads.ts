import { NotFoundError, parseInput } from '@pcn/platform';
import {
  MAX_PAGE_SIZE,
  type Collection,
  type DocumentBase,
  type Filter,
  type Stored,
} from '@pcn/storage';
import { idSchema, isPossibleId } from './identity-input.js';

/** Every document matching `filter`, page by page. Directory collections are small. */
export async function findAll<T extends DocumentBase>(
  collection: Collection<T>,
  filter?: Filter,
): Promise<Stored<T>[]> {
  const out: Stored<T>[] = [];
  let after: string | null = null;
  do {
    const page = await collection.find({ filter, limit: MAX_PAGE_SIZE, after });
    out.push(...page.items);
    after = page.nextCursor;
  } while (after !== null);
  return out;
}

/** The document with `id`, or null; an id no document could have answers null without a read. */
export async function findById<T extends DocumentBase>(
  collection: Collection<T>,
  id: unknown,
): Promise<Stored<T> | null> {
  return isPossibleId(id) ? collection.get(id) : null;
}

/**
 * The document with `id`, for a command that needs it: a bad id is an invalid `field`, a missing
 * document a NotFoundError naming `kind`.
 */
export async function requireById<T extends DocumentBase>(
  collection: Collection<T>,
  id: string,
  field: string,
  kind: string,
): Promise<Stored<T>> {
  const found = await collection.get(parseInput(idSchema, id, field));
  if (found === null) throw new NotFoundError(kind, id);
  return found;
}
