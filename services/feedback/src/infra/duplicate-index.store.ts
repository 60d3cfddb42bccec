import {
  MAX_IN_VALUES,
  MAX_PAGE_SIZE,
  type Collection,
  type Filter,
  type Transaction,
} from '@pcn/storage';
import type { DuplicateIndex, IndexLookup } from '../app/duplicates/duplicate.ports.js';
import type { Exemplar, ExemplarEntry, ExactEntry } from '../app/duplicates/group-decision.js';
import { decodeSignature, encodeSignature } from '../app/duplicates/minhash.js';
import {
  duplicateBandsCollection,
  duplicateExactKeysCollection,
  duplicateExemplarsCollection,
} from './duplicate-index.collections.js';

interface ExactKeyRecord {
  id: string;
  draftId: string;
  exactKey: string;
  groupId: string;
  representativeId: string;
}

interface ExemplarRecord {
  id: string;
  draftId: string;
  commentId: string;
  groupId: string;
  representativeId: string;
  /** MinHash signature: 32-bit values little-endian, base64. */
  signature: string;
}

interface BandRecord {
  id: string;
  /** `<draftId>|<bandKey>`. */
  bucket: string;
  exemplarId: string;
}

const scoped = (draftId: string, key: string) => `${draftId}|${key}`;

// Exemplars never change once written, so a process may keep them: a campaign's few exemplars
// are read by every batch of its copies. Bounded: cleared past this many.
const EXEMPLAR_CACHE_LIMIT = 50_000;

/** The duplicate index on the storage contract: exact keys, exemplars and band buckets. */
export class StoreDuplicateIndex implements DuplicateIndex {
  readonly #exemplars = new Map<string, Exemplar>();

  async lookup(
    tx: Transaction,
    draftId: string,
    keys: { exactKeys: readonly string[]; bandKeys: readonly string[] },
  ): Promise<IndexLookup> {
    const result: IndexLookup = { exact: new Map(), bands: new Map() };
    const exactKeys = tx.collection<ExactKeyRecord>(duplicateExactKeysCollection);
    for (const ids of chunks(keys.exactKeys.map((k) => scoped(draftId, k)))) {
      for (const r of await findAll(exactKeys, { id: { $in: ids } })) {
        result.exact.set(r.exactKey, { id: r.groupId, representativeId: r.representativeId });
      }
    }
    if (keys.bandKeys.length === 0) return result;

    const bands = tx.collection<BandRecord>(duplicateBandsCollection);
    const members: BandRecord[] = [];
    for (const buckets of chunks(keys.bandKeys.map((k) => scoped(draftId, k)))) {
      members.push(...(await findAll(bands, { bucket: { $in: buckets } })));
    }
    const missing = [...new Set(members.map((m) => m.exemplarId))].filter(
      (id) => !this.#exemplars.has(id),
    );
    const exemplars = tx.collection<ExemplarRecord>(duplicateExemplarsCollection);
    for (const ids of chunks(missing)) {
      for (const r of await findAll(exemplars, { id: { $in: ids } })) this.#remember(r);
    }
    const prefix = draftId.length + 1;
    for (const m of members) {
      const exemplar = this.#exemplars.get(m.exemplarId);
      // Written in the same transaction as its bands: absent only if the store lost data.
      if (!exemplar)
        throw new Error(`duplicate index: band entry ${m.id} names a missing exemplar`);
      const band = m.bucket.slice(prefix);
      const list = result.bands.get(band);
      if (list) list.push(exemplar);
      else result.bands.set(band, [exemplar]);
    }
    return result;
  }

  async add(
    tx: Transaction,
    entries: { exact: readonly ExactEntry[]; exemplars: readonly ExemplarEntry[] },
  ): Promise<void> {
    if (entries.exact.length > 0) {
      await tx.collection<ExactKeyRecord>(duplicateExactKeysCollection).insertMany(
        entries.exact.map((e) => ({
          id: scoped(e.draftId, e.exactKey),
          draftId: e.draftId,
          exactKey: e.exactKey,
          groupId: e.group.id,
          representativeId: e.group.representativeId,
        })),
      );
    }
    if (entries.exemplars.length === 0) return;
    const records = entries.exemplars.map((e) => ({
      id: scoped(e.draftId, e.exemplar.commentId),
      draftId: e.draftId,
      commentId: e.exemplar.commentId,
      groupId: e.exemplar.group.id,
      representativeId: e.exemplar.group.representativeId,
      signature: encodeSignature(e.exemplar.signature),
    }));
    await tx.collection<ExemplarRecord>(duplicateExemplarsCollection).insertMany(records);
    await tx.collection<BandRecord>(duplicateBandsCollection).insertMany(
      entries.exemplars.flatMap((e) => {
        const exemplarId = scoped(e.draftId, e.exemplar.commentId);
        return e.bandKeys.map((band) => ({
          id: `${scoped(e.draftId, band)}|${e.exemplar.commentId}`,
          bucket: scoped(e.draftId, band),
          exemplarId,
        }));
      }),
    );
    // Cached only once read back from a committed store: a rolled-back batch must leave no trace.
  }

  #remember(r: ExemplarRecord): void {
    if (this.#exemplars.size >= EXEMPLAR_CACHE_LIMIT) this.#exemplars.clear();
    this.#exemplars.set(r.id, {
      commentId: r.commentId,
      group: { id: r.groupId, representativeId: r.representativeId },
      signature: decodeSignature(r.signature),
    });
  }
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += MAX_IN_VALUES) yield items.slice(i, i + MAX_IN_VALUES);
}

async function findAll<T extends { id: string }>(
  collection: Collection<T>,
  filter: Filter,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  do {
    const page = await collection.find({ filter, limit: MAX_PAGE_SIZE, after });
    out.push(...page.items);
    after = page.nextCursor;
  } while (after !== null);
  return out;
}
