import { catalogue } from '@pcn/events';
import { describe, expect, it } from 'vitest';
import { DEMO_UNITS } from './demo-data.js';
import {
  MAX_UNITS_PER_EVENT,
  toDirectoryUnit,
  treeFingerprint,
  unitParts,
  type DirectoryUnit,
} from './directory-events.js';

const tree = DEMO_UNITS.map(toDirectoryUnit);

function unit(i: number, pathLength = 2): DirectoryUnit {
  const id = `u-${i}`;
  return {
    id,
    name: `Xã ${i}`,
    level: 'commune',
    path: [...Array.from({ length: pathLength - 1 }, (_, k) => `p-${k}`), id],
    active: true,
  };
}

describe('treeFingerprint', () => {
  it('names the tree whatever the order of its units', () => {
    expect(treeFingerprint([...tree].reverse())).toBe(treeFingerprint(tree));
    expect(treeFingerprint(tree)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when a unit moves, is renamed or closes', () => {
    const base = treeFingerprint(tree);
    const [first, ...rest] = tree as [DirectoryUnit, ...DirectoryUnit[]];
    expect(treeFingerprint([{ ...first, path: ['elsewhere', first.id] }, ...rest])).not.toBe(base);
    expect(treeFingerprint([{ ...first, name: 'Tỉnh khác' }, ...rest])).not.toBe(base);
    expect(treeFingerprint([{ ...first, active: !first.active }, ...rest])).not.toBe(base);
    expect(treeFingerprint(rest)).not.toBe(base);
  });
});

describe('unitParts', () => {
  it('keeps a small change in one part, in the order given', () => {
    expect(unitParts(tree)).toEqual([tree]);
    expect(unitParts([])).toEqual([]);
  });

  it('splits by bytes so every event fits, keeping every unit once and in order', () => {
    const units = Array.from({ length: 3000 }, (_, i) => unit(i, 16));
    const parts = unitParts(units);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flat()).toEqual(units);
    for (const [i, part] of parts.entries()) {
      const data = {
        units: part,
        treeFingerprint: 'a'.repeat(64),
        part: i + 1,
        parts: parts.length,
      };
      expect(catalogue['pcn.directory.v1.UnitsChanged'].safeParse(data).success).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThanOrEqual(256 * 1024);
    }
  });

  it('splits by count when units are small', () => {
    const units = Array.from({ length: MAX_UNITS_PER_EVENT + 1 }, (_, i) => unit(i, 1));
    const parts = unitParts(units, Number.MAX_SAFE_INTEGER);
    expect(parts.map((p) => p.length)).toEqual([MAX_UNITS_PER_EVENT, 1]);
  });

  it('gives a unit larger than the budget a part of its own', () => {
    const parts = unitParts([unit(1), unit(2, 16), unit(3)], 200);
    expect(parts.map((p) => p.map((u) => u.id))).toEqual([['u-1'], ['u-2'], ['u-3']]);
  });
});

describe('UnitsChanged schema', () => {
  it('refuses a unit whose path does not end with its id', () => {
    const bad = { ...unit(1), path: ['p-0', 'someone-else'] };
    const result = catalogue['pcn.directory.v1.UnitsChanged'].safeParse({
      units: [bad],
      treeFingerprint: 'a'.repeat(64),
      part: 1,
      parts: 1,
    });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['units.0.path']);
  });
});
