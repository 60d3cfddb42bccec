import { InvalidArgumentError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import type { Channel, Template } from '../notification.model.js';
import { defaultTemplates } from './default-templates.js';
import { missingTranslations } from './missing-translations.js';

const make = (eventType: string, channel: Channel, language: string): Template => ({
  id: `${eventType}|${channel}|${language}`,
  eventType,
  channel,
  language,
  subject: '',
  body: 'x',
  updatedAt: '2026-01-01T00:00:00Z',
  updatedBy: 'system',
});

const A = 'pcn.draft.v1.ConsultationOpened';
const B = 'pcn.draft.v1.DraftPromulgated';

describe('missing translations', () => {
  it('lists the requested languages each event × channel lacks, and what is sent instead', () => {
    const templates = [make(A, 'sms', 'vi'), make(A, 'sms', 'hmn'), make(B, 'email', 'hmn')];
    expect(missingTranslations(templates, ['vi', 'hmn', 'hmn-Latn', 'DAO'])).toEqual([
      { eventType: A, channel: 'sms', language: 'dao', fallbackLanguage: 'vi' },
      { eventType: A, channel: 'sms', language: 'hmn-Latn', fallbackLanguage: 'hmn' },
      { eventType: B, channel: 'email', language: 'dao', fallbackLanguage: null },
      { eventType: B, channel: 'email', language: 'hmn-Latn', fallbackLanguage: 'hmn' },
      { eventType: B, channel: 'email', language: 'vi', fallbackLanguage: null },
    ]);
  });

  // Issue #8 filled the gap this used to report (Hmong for closed and promulgated drafts).
  it('reports nothing missing in the built-in languages, and every pair for another one', () => {
    const builtIn = defaultTemplates('2026-01-01T00:00:00Z');
    expect(missingTranslations(builtIn, ['vi', 'hmn'])).toEqual([]);
    const dao = missingTranslations(builtIn, ['dao']);
    // 6 events (4 about drafts, 2 replies to comments) × 5 channels.
    expect(dao).toHaveLength(30);
    expect(new Set(dao.map((m) => `${m.language}|${m.fallbackLanguage}`))).toEqual(
      new Set(['dao|vi']),
    );
  });

  it('returns nothing when there are no templates, and refuses malformed tags', () => {
    expect(missingTranslations([], ['vi', 'hmn'])).toEqual([]);
    expect(() => missingTranslations([], ['vi', 'not a tag'])).toThrow(InvalidArgumentError);
  });
});
