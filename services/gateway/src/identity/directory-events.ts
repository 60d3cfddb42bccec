import { createHash } from 'node:crypto';
import {
  MAX_EVENT_BYTES,
  toOutboxMessage,
  type BusNames,
  type EventData,
  type EventFactory,
} from '@pcn/events';
import type { Clock } from '@pcn/platform';
import type { Collection, Store, Transaction } from '@pcn/storage';
import { findAll } from './collection-reads.js';
import {
  identityMetaCollection,
  unitsCollection,
  type UnitRecord,
} from './identity.collections.js';
import type { Unit } from './identity.contract.js';

/**
 * The directory's changes as `pcn.directory.v1` events, written to the gateway's outbox in the
 * transaction that makes the change; the outbox relay publishes them to the `DIRECTORY` stream,
 * which the notification service (and later feedback and outreach) consume.
 */

export type DirectoryUnit = EventData<'pcn.directory.v1.UnitsChanged'>['units'][number];

/** Most units in one event: with the byte budget, keeps each event well under the size cap. */
export const MAX_UNITS_PER_EVENT = 5000;
/** Bytes of units in one event at most; half the cap leaves room for the envelope. */
export const UNITS_BYTES_PER_EVENT = MAX_EVENT_BYTES / 2;

/** `identity_meta` record: the tree as last written to the outbox, so boot knows if it is out. */
export const DIRECTORY_PUBLISHED_META_ID = 'directory-published';

export interface DirectoryPublishedRecord {
  id: typeof DIRECTORY_PUBLISHED_META_ID;
  /** `treeFingerprint` of the whole tree after the last change written to the outbox. */
  fingerprint: string;
  units: number;
  at: string;
}

export function toDirectoryUnit(unit: Unit): DirectoryUnit {
  return {
    id: unit.id,
    name: unit.name,
    level: unit.level,
    path: [...unit.path],
    active: unit.active,
  };
}

/** Names the whole tree: the same units with the same fields give the same fingerprint. */
export function treeFingerprint(units: readonly DirectoryUnit[]): string {
  const sorted = [...units].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash('sha256');
  for (const u of sorted)
    hash.update(JSON.stringify([u.id, u.name, u.level, u.path, u.active])).update('\n');
  return hash.digest('hex');
}

/**
 * Splits units into the parts of one change, in the order given, each within
 * `MAX_UNITS_PER_EVENT` units and `budgetBytes` of JSON.
 */
export function unitParts(
  units: readonly DirectoryUnit[],
  budgetBytes = UNITS_BYTES_PER_EVENT,
): DirectoryUnit[][] {
  const parts: DirectoryUnit[][] = [];
  let current: DirectoryUnit[] = [];
  let bytes = 0;
  for (const unit of units) {
    const size = Buffer.byteLength(JSON.stringify(unit)) + 1;
    if (
      current.length > 0 &&
      (bytes + size > budgetBytes || current.length >= MAX_UNITS_PER_EVENT)
    ) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(unit);
    bytes += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

export interface DirectoryEvents {
  /**
   * Writes `UnitsChanged` for units the transaction has just created or changed (whole, as
   * stored), and records the tree they leave. Call it in the transaction that changes them.
   */
  unitsChanged(tx: Transaction, changed: readonly Unit[]): Promise<void>;
  /**
   * At boot: writes the whole tree to the outbox when it has changed since it was last written
   * (a store seeded before directory events existed, or by a tool), or when `streamEmpty` says
   * the network has never received it (a new bus). Returns how many units went out (0: none).
   */
  publishTreeIfNeeded(store: Store, streamEmpty: boolean): Promise<number>;
}

export function createDirectoryEvents(deps: {
  names: BusNames;
  events: EventFactory;
  clock: Clock;
}): DirectoryEvents {
  const { names, events, clock } = deps;
  const metaOf = (tx: Transaction) =>
    tx.collection<DirectoryPublishedRecord>(identityMetaCollection);
  const unitsOf = (tx: Transaction): Collection<UnitRecord> =>
    tx.collection<UnitRecord>(unitsCollection);

  async function write(
    tx: Transaction,
    changed: readonly DirectoryUnit[],
    tree: readonly DirectoryUnit[],
  ): Promise<void> {
    const fingerprint = treeFingerprint(tree);
    const parts = unitParts(changed);
    await tx.enqueue(
      parts.map((units, i) =>
        toOutboxMessage(
          names,
          events.create('pcn.directory.v1.UnitsChanged', 'unit-tree', {
            units,
            treeFingerprint: fingerprint,
            part: i + 1,
            parts: parts.length,
          }),
        ),
      ),
    );
    const meta = metaOf(tx);
    const record = {
      id: DIRECTORY_PUBLISHED_META_ID,
      fingerprint,
      units: tree.length,
      at: clock.now().toISOString(),
    } as const;
    const existing = await meta.get(DIRECTORY_PUBLISHED_META_ID);
    if (existing) await meta.update({ ...record, version: existing.version });
    else await meta.insert(record);
  }

  return {
    async unitsChanged(tx, changed) {
      if (changed.length === 0) return;
      const tree = (await findAll(unitsOf(tx))).map(toDirectoryUnit);
      await write(tx, changed.map(toDirectoryUnit), tree);
    },

    async publishTreeIfNeeded(store, streamEmpty) {
      return store.transaction(async (tx) => {
        const tree = (await findAll(unitsOf(tx))).map(toDirectoryUnit);
        if (tree.length === 0) return 0;
        const published = await metaOf(tx).get(DIRECTORY_PUBLISHED_META_ID);
        if (!streamEmpty && published?.fingerprint === treeFingerprint(tree)) return 0;
        // Parents before children, so a consumer reading part by part never sees an orphan.
        const ordered = [...tree].sort((a, b) => a.path.length - b.path.length);
        await write(tx, ordered, tree);
        return tree.length;
      });
    },
  };
}
