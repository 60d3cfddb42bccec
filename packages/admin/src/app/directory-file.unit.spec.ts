import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { MAX_DIRECTORY_FILE_BYTES, parseDirectoryFile } from './directory-file.js';

const example = readFileSync(
  new URL('../../../../infra/deploy/directory.example.json', import.meta.url),
);

function problems(text: string | Buffer): FieldViolation[] {
  try {
    parseDirectoryFile(typeof text === 'string' ? Buffer.from(text) : text);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return [...(err as InvalidArgumentError).violations];
  }
  throw new Error('expected the file to be refused');
}

describe('parseDirectoryFile', () => {
  it('reads the example file of infra/deploy into the operator API records', () => {
    const records = parseDirectoryFile(example);
    expect(records.units).toHaveLength(5);
    expect(records.units[0]).toEqual({
      id: 'lao-cai',
      name: 'Tỉnh Lào Cai',
      level: 'province',
      parentId: '',
      active: undefined,
    });
    expect(records.units.find((u) => u.id === 'lao-cai-h-bat-xat')?.active).toBe(false);
    expect(records.organizations).toHaveLength(4);
    expect(records.spokespersons).toHaveLength(1);
  });

  it('takes a byte order mark and leaves out absent lists', () => {
    const records = parseDirectoryFile(
      Buffer.from('\uFEFF{"organizations":[{"id":"o","name":"O","kind":"press_agency"}]}'),
    );
    expect(records).toEqual({
      units: [],
      organizations: [{ id: 'o', name: 'O', kind: 'press_agency', unitId: '' }],
      spokespersons: [],
    });
  });

  it('names unknown keys, prototype keys and wrong types', () => {
    const found = problems(
      '{"units":[{"id":1,"name":"A","level":"commune","parent":"p"}],"__proto__":{"polluted":true},"constructor":{}}',
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { field: 'units[0].id', description: 'must be a string' },
        { field: 'units[0]', description: expect.stringContaining('"parent"') as string },
        { field: 'input', description: expect.stringContaining('"__proto__"') as string },
      ]),
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(problems('[]')).toEqual([
      { field: 'input', description: expect.stringContaining('expected object') as string },
    ]);
  });

  it('refuses what is not a JSON file in UTF-8, and a file over the limit', () => {
    expect(problems('id,name\na,b\n')[0]?.description).toMatch(/^is not JSON/);
    expect(problems(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toEqual([
      { field: 'file', description: 'is not UTF-8 text; save it as UTF-8' },
    ]);
    expect(problems(Buffer.alloc(MAX_DIRECTORY_FILE_BYTES + 1, 0x20))[0]?.description).toMatch(
      /at most 4194304 in one import/,
    );
  });

  it('lists the first problems of a file full of them and counts the rest', () => {
    const units = Array.from({ length: 1000 }, () => ({ id: 7 }));
    const found = problems(JSON.stringify({ units }));
    expect(found).toHaveLength(50);
    expect(found.at(-1)?.description).toMatch(/^\d+ more problems not listed$/);
  });
});
