import { ConfigError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCUMENT_TYPES, parseDocumentTypes } from './app/draft-rules.js';
import { loadDraftConfig } from './config.js';

const base = { NODE_ENV: 'test', NATS_URL: 'nats://127.0.0.1:4222', SQLITE_FILE: '/tmp/x.db' };
const MINUTE = 60_000;
const DAY = 86_400_000;

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadDraftConfig({ ...base, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('the config was accepted');
}

describe('CONSULTATION_MINIMUMS', () => {
  it('changes one document type without restating the other nine', () => {
    const config = loadDraftConfig({ ...base, CONSULTATION_MINIMUMS: 'provincial_decision=3m' });
    const defaults = parseDocumentTypes(DEFAULT_DOCUMENT_TYPES)!;
    expect(Object.keys(defaults)).toHaveLength(10);
    expect(config.DOCUMENT_TYPES).toEqual({ ...defaults, provincial_decision: 3 * MINUTE });
    expect(config.DOCUMENT_TYPES.law).toBe(30 * DAY);
  });

  it('applies over a DOCUMENT_TYPES that was set, and is empty by default', () => {
    expect(
      loadDraftConfig({
        ...base,
        DOCUMENT_TYPES: 'law=60d,decree=30d',
        CONSULTATION_MINIMUMS: ' decree = 90s ',
      }).DOCUMENT_TYPES,
    ).toEqual({ law: 60 * DAY, decree: 90_000 });
    expect(loadDraftConfig(base).DOCUMENT_TYPES).toEqual(
      parseDocumentTypes(DEFAULT_DOCUMENT_TYPES),
    );
  });

  it('refuses a type PCN does not know, listing the ones it knows', () => {
    const err = refusal({ CONSULTATION_MINIMUMS: 'provincial_decison=3m' });
    expect(err.problems.map((p) => p.variable)).toEqual(['CONSULTATION_MINIMUMS']);
    expect(err.message).toContain('provincial_decision');
    const types = refusal({ DOCUMENT_TYPES: 'law=60d,memo=1d' });
    expect(types.problems.map((p) => p.variable)).toEqual(['DOCUMENT_TYPES']);
    expect(types.message).toContain('commune_decision');
  });

  it('refuses a type DOCUMENT_TYPES leaves out, naming it', () => {
    const err = refusal({ DOCUMENT_TYPES: 'law=60d', CONSULTATION_MINIMUMS: 'decree=1d' });
    expect(err.problems.map((p) => p.variable)).toEqual(['CONSULTATION_MINIMUMS']);
    expect(err.problems[0]?.expected).toContain('names decree, which DOCUMENT_TYPES does not list');
  });

  it.each([
    'provincial_decision',
    'provincial_decision=3',
    'provincial_decision=-3m',
    'provincial_decision=3m,',
    'Provincial_Decision=3m',
    'provincial_decision=9999999d',
    `${'x'.repeat(100)}=1d`,
    'law=1d;rm -rf /',
    '__proto__=1d',
  ])('refuses malformed or hostile %j, naming the setting', (value) => {
    const err = refusal({ CONSULTATION_MINIMUMS: value });
    expect(err.problems.map((p) => p.variable)).toEqual(['CONSULTATION_MINIMUMS']);
  });
});
