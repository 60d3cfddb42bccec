import { createEventFactory, type EventData, type EventEnvelope } from '@pcn/events';
import { openSqliteStore, type Store } from '@pcn/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDelivery } from '../app/delivery-policy.js';
import type { Channel, ContactPoint, Template } from '../app/notification.model.js';
import type { SubscriberRecord } from '../app/notification.ports.js';
import { subscriberRecord } from '../testing/subscriber-record.js';
import { defaultTemplates } from '../app/templates/default-templates.js';
import { createMessageComposer, TemplateCache } from './message-composer.js';
import { templatesCollection } from './notification.collections.js';

const clock = { now: () => new Date('2026-03-02T01:00:00Z') };
const events = createEventFactory('draft', clock);
let store: Store;
let composer: ReturnType<typeof createMessageComposer>;

beforeAll(async () => {
  store = await openSqliteStore({ path: ':memory:' });
  await store.migrate([templatesCollection]);
  for (const t of defaultTemplates('2026-01-01T00:00:00Z'))
    await store.collection<Template>(templatesCollection).insert(t);
  composer = createMessageComposer({
    templates: new TemplateCache(store),
    publicBaseUrl: 'https://pcn.example.vn',
    linkSecret: 'link-secret-for-tests-0123456789abcdef',
  });
});

afterAll(async () => {
  await store?.close();
});

function opened(draftId: string, title: Record<string, string>) {
  const data: EventData<'pcn.draft.v1.ConsultationOpened'> = {
    draftId,
    code: `LC-${draftId}`,
    documentType: 'provincial_decision',
    agencyId: 'org-stnmt',
    title: title,
    languages: Object.keys(title),
    targetUnitIds: ['lc'],
    ethnicGroups: [],
    audienceGroups: [],
    policyAreas: ['land'],
    publicDisclosure: true,
    version: 1,
    opensAt: '2026-03-02T01:00:00Z',
    closesAt: '2026-04-01T10:00:00Z',
  };
  return events.create('pcn.draft.v1.ConsultationOpened', draftId, data);
}

function reader(
  language: string,
  channel: Channel,
): {
  subscriber: SubscriberRecord;
  contact: ContactPoint;
} {
  const contact: ContactPoint = {
    channel,
    address: 'reader@example.vn',
    verifiedAt: '2026-01-01T00:00:00Z',
    optedOutAt: null,
  };
  const subscriber = subscriberRecord(`s-${language}`, {
    language,
    contacts: [contact],
    unitIds: ['lc'],
    unitScope: ['lc'],
    defaultChannels: [channel],
    digest: 'daily',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  });
  return { subscriber, contact };
}

function digest(language: string, list: EventEnvelope[]) {
  const { subscriber, contact } = reader(language, 'email');
  const delivery = newDelivery(
    {
      id: `digest:2026-03-02:${subscriber.id}:email`,
      kind: 'digest',
      sourceEventId: list.at(-1)!.id,
      eventType: list.at(-1)!.type,
      subscriberId: subscriber.id,
      channel: 'email',
      eventIds: list.map((e) => e.id),
    },
    '2026-03-02T11:00:00Z',
  );
  return composer.compose({ delivery, subscriber, contact, events: list });
}

describe('message composer: one language per message', () => {
  it('writes a Hmong digest when every line can be in Hmong', async () => {
    const out = await digest('hmn', [
      opened('d-1', { vi: 'Dự thảo một', hmn: 'Daim ib' }),
      opened('d-2', { vi: 'Dự thảo hai', hmn: 'Daim ob' }),
    ]);
    expect(out.language).toBe('hmn');
    expect(out.subject).toBe('Xov xwm txoj cai txhua hnub');
    expect(out.text).toContain('- Thov muab tswv yim: Daim ib');
    expect(out.text).toContain('- Thov muab tswv yim: Daim ob');
  });

  it('writes the whole digest in Vietnamese when one of its lines cannot be in Hmong', async () => {
    const out = await digest('hmn', [
      opened('d-3', { vi: 'Dự thảo ba', hmn: 'Daim peb' }),
      opened('d-4', { vi: 'Dự thảo bốn' }),
    ]);
    expect(out.language).toBe('vi');
    expect(out.subject).toBe('Bản tin chính sách hằng ngày');
    expect(out.text).toContain('- Mời góp ý dự thảo: Dự thảo ba');
    expect(out.text).toContain('- Mời góp ý dự thảo: Dự thảo bốn');
    expect(out.text).not.toMatch(/Daim|Thov|Xov xwm/);
  });

  it('names the language of the verification text it picked', async () => {
    const { subscriber, contact } = reader('hmn-Latn', 'sms');
    const delivery = newDelivery(
      {
        id: 'verify:v-1',
        kind: 'verification',
        sourceEventId: 'v-1',
        eventType: 'pcn.notification.verification',
        subscriberId: subscriber.id,
        channel: 'sms',
      },
      '2026-03-02T01:00:00Z',
    );
    const out = await composer.compose({ delivery, subscriber, contact, events: [] });
    expect(out.language).toBe('hmn');
    expect(out.text).toMatch(/^Koj tus lej lees paub PCN: \d{6}\./);
    const french = reader('fr', 'sms');
    const fr = await composer.compose({
      delivery,
      subscriber: french.subscriber,
      contact: french.contact,
      events: [],
    });
    expect(fr.language).toBe('vi');
  });
});

describe('message composer: links to the draft', () => {
  async function sms(portalDraftUrlTemplate: string | undefined) {
    const withPortal = createMessageComposer({
      templates: new TemplateCache(store),
      publicBaseUrl: 'https://pcn.example.vn',
      portalDraftUrlTemplate,
      linkSecret: 'link-secret-for-tests-0123456789abcdef',
    });
    const { subscriber, contact } = reader('vi', 'sms');
    const event = opened('d-7', { vi: 'Dự thảo bảy' });
    const delivery = newDelivery(
      {
        id: `${event.id}:${subscriber.id}:sms`,
        kind: 'event',
        sourceEventId: event.id,
        eventType: event.type,
        subscriberId: subscriber.id,
        channel: 'sms',
        eventIds: [event.id],
      },
      '2026-03-02T01:00:00Z',
    );
    return (await withPortal.compose({ delivery, subscriber, contact, events: [event] })).text;
  }

  it("follow the portal's URL template when one is set, else the gateway's own draft page", async () => {
    expect(await sms('https://laocai.gov.vn/du-thao/{code}')).toContain(
      'https://laocai.gov.vn/du-thao/LC-d-7',
    );
    const own = await sms(undefined);
    expect(own).toContain('https://pcn.example.vn/drafts/d-7');
    expect(own).not.toContain('laocai.gov.vn');
  });
});
