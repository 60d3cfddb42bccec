import {
  MAX_PAGE_SIZE,
  type Collection,
  type DocumentBase,
  type Filter,
  type Stored,
} from '@pcn/storage';

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
