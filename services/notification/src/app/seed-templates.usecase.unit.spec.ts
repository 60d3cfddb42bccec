import { describe, expect, it } from 'vitest';
import { templatesToSeed } from './seed-templates.usecase.js';
import { defaultTemplates } from './templates/default-templates.js';

describe('templatesToSeed', () => {
  const builtIn = defaultTemplates('2026-01-01T00:00:00.000Z');

  it('adds every built-in template to an empty store', () => {
    expect(templatesToSeed(builtIn, new Set())).toEqual(builtIn);
  });

  it('never replaces a stored template, which an admin may have edited', () => {
    const [edited, ...rest] = builtIn;
    const seeded = templatesToSeed(builtIn, new Set([edited?.id ?? '']));
    expect(seeded).toEqual(rest);
    expect(templatesToSeed(builtIn, new Set(builtIn.map((t) => t.id)))).toEqual([]);
  });
});
