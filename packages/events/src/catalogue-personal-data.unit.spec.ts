import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { catalogue, EVENT_TYPES, EVENTS_WITH_PERSONAL_DATA } from './catalogue.js';

// Erasure (Law 91/2025) removes from the bus the events listed in EVENTS_WITH_PERSONAL_DATA. This
// walks every schema of the catalogue, so a field that may hold contact data of a person cannot
// be added without deciding here whether erasure must cover it.

/** Field names that hold, or may hold, a person's contact data or name. */
const CONTACT_LIKE = /email|phone|zalo|externalRef|name|address|contact|replyTo/i;

/** Every field path of a schema (`replyTo.email`, `units[].name`). */
function paths(schema: z.ZodType, at = ''): string[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (key: string) => def[key] as z.ZodType;
  switch (def.type) {
    case 'object':
      return Object.entries(def['shape'] as Record<string, z.ZodType>).flatMap(([k, v]) => {
        const path = at ? `${at}.${k}` : k;
        return [path, ...paths(v, path)];
      });
    case 'nullable':
    case 'optional':
    case 'default':
    case 'readonly':
      return paths(inner('innerType'), at);
    case 'pipe':
      return paths(inner('in'), at);
    case 'array':
      return paths(inner('element'), `${at}[]`);
    case 'record':
      return paths(inner('valueType'), `${at}{}`);
    case 'union':
      return [...new Set((def['options'] as z.ZodType[]).flatMap((o) => paths(o, at)))];
    default:
      return [];
  }
}

describe('personal data in the event catalogue', () => {
  it('walks into nested, nullable, union and array fields', () => {
    expect(paths(catalogue['pcn.feedback.v1.FeedbackReceived'])).toEqual(
      expect.arrayContaining(['replyTo', 'replyTo.email', 'replyTo.phone', 'replyTo.externalRef']),
    );
    expect(paths(catalogue['pcn.directory.v1.UnitsChanged'])).toContain('units[].name');
  });

  it('has contact data only in the events erasure removes from the bus', () => {
    const found: Record<string, string[]> = {};
    for (const t of EVENT_TYPES) {
      const contact = paths(catalogue[t]).filter((p) => CONTACT_LIKE.test(p));
      if (contact.length > 0) found[t] = contact;
    }
    // An administrative unit's name is a place, not a person.
    expect(found).toEqual({
      'pcn.directory.v1.UnitsChanged': ['units[].name'],
      ...Object.fromEntries(
        EVENTS_WITH_PERSONAL_DATA.map((t) => [
          t,
          [
            'replyTo',
            'replyTo.channel',
            'replyTo.phone',
            'replyTo.zaloUserId',
            'replyTo.email',
            'replyTo.userId',
            'replyTo.clientId',
            'replyTo.externalRef',
          ],
        ]),
      ),
    });
  });
});
