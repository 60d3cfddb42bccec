import { InvalidArgumentError, parseInput } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import {
  isPossibleId,
  MAX_EMAIL_LENGTH,
  MAX_ID_LENGTH,
  MAX_PASSWORD_LENGTH,
  newApiClientSchema,
  newUserSchema,
  normaliseEmail,
  signInSchema,
} from './identity-input.js';

function violationsOf(run: () => unknown) {
  try {
    run();
  } catch (err) {
    if (err instanceof InvalidArgumentError) return err.violations;
    throw err;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('normaliseEmail', () => {
  it('trims, composes (NFC) and lower-cases', () => {
    expect(normaliseEmail('  Editor@Example.ORG ')).toBe('editor@example.org');
    // "ệ" written as e + two combining marks becomes the one precomposed character.
    expect(normaliseEmail('NGUYE\u0323\u0302N@vi.vn')).toBe('nguy\u1ec7n@vi.vn');
  });
});

describe('isPossibleId', () => {
  it('accepts 1 to MAX_ID_LENGTH characters and nothing else', () => {
    expect(isPossibleId('p-c')).toBe(true);
    expect(isPossibleId('x'.repeat(MAX_ID_LENGTH))).toBe(true);
    expect(isPossibleId('')).toBe(false);
    expect(isPossibleId('x'.repeat(MAX_ID_LENGTH + 1))).toBe(false);
    expect(isPossibleId(42)).toBe(false);
  });
});

describe('signInSchema', () => {
  const parse = (email: unknown, password: unknown) =>
    violationsOf(() => parseInput(signInSchema, { email, password }));

  it('names each missing field once, as "is required"', () => {
    expect(parse('', '')).toEqual([
      { field: 'email', description: 'is required' },
      { field: 'password', description: 'is required' },
    ]);
    expect(parse(' '.repeat(MAX_EMAIL_LENGTH + 1), undefined)).toEqual([
      { field: 'email', description: 'is required' },
      { field: 'password', description: 'is required' },
    ]);
  });

  it('says how long a field may be', () => {
    expect(parse('a'.repeat(MAX_EMAIL_LENGTH + 1), 'x'.repeat(MAX_PASSWORD_LENGTH + 1))).toEqual([
      { field: 'email', description: `must be at most ${MAX_EMAIL_LENGTH} characters` },
      { field: 'password', description: `must be at most ${MAX_PASSWORD_LENGTH} characters` },
    ]);
  });

  it('passes what is present and short enough, unchanged', () => {
    expect(parseInput(signInSchema, { email: ' A@b.vn ', password: ' p ' })).toEqual({
      email: ' A@b.vn ',
      password: ' p ',
    });
  });
});

describe('account schemas', () => {
  it('refuse "public" for users, and "network_admin" for API clients, at the item path', () => {
    const user = { email: 'a@b.vn', password: 'x'.repeat(12), displayName: 'A' };
    expect(
      violationsOf(() => parseInput(newUserSchema, { ...user, roles: ['public'] }, 'input')),
    ).toEqual([
      { field: 'input.roles[0]', description: '"public" is implicit and cannot be granted' },
    ]);
    expect(
      violationsOf(() =>
        parseInput(
          newApiClientSchema,
          { name: 'K', organizationId: 'o', roles: ['partner_system', 'network_admin'] },
          'input',
        ),
      ),
    ).toEqual([
      {
        field: 'input.roles[1]',
        description: 'API clients cannot hold "public" (implicit) or "network_admin"',
      },
    ]);
  });

  it('fill the defaults of a new user and drop repeated roles', () => {
    expect(
      parseInput(newUserSchema, {
        email: 'a@b.vn',
        password: 'x'.repeat(12),
        displayName: '  A  ',
        roles: ['agency_editor', 'agency_editor'],
      }),
    ).toEqual({
      email: 'a@b.vn',
      password: 'x'.repeat(12),
      displayName: 'A',
      roles: ['agency_editor'],
      organizationId: null,
      unitIds: [],
      demo: false,
    });
  });
});
