import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startRecordingProvider,
  type RecordingProvider,
} from '../../testing/recording-provider.js';
import type { OutboundMessage } from './channel.js';
import { createZaloZnsChannel } from './zalo-zns.channel.js';

let counter = 0;
function zalo(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    deliveryId: `evt-${++counter}:sub-1:zalo`,
    channel: 'zalo',
    to: '4012345678901234567',
    language: 'vi',
    subject: 'Lấy ý kiến dự thảo',
    text: 'Dự thảo Luật Đất đai (sửa đổi) mở lấy ý kiến đến 30/11.',
    ...overrides,
  };
}

describe('Zalo ZNS channel', () => {
  let provider: RecordingProvider;
  let options: Parameters<typeof createZaloZnsChannel>[0];
  beforeAll(async () => {
    provider = await startRecordingProvider();
    options = {
      baseUrl: provider.url,
      accessToken: 'oa-token',
      templateId: '312345',
      timeoutMs: 2_000,
    };
  });
  afterAll(async () => {
    await provider.close();
  });
  beforeEach(() => {
    provider.respond = undefined;
  });

  it('sends the template to a Zalo user id, with the token header and tracking id', async () => {
    const channel = createZaloZnsChannel(options);
    const msg = zalo();
    const result = await channel.send(msg);
    expect(result).toMatchObject({
      status: 'sent',
      providerMessageId: expect.any(String) as unknown,
    });

    const request = provider.requestsTo('zns').at(-1)!;
    expect(request.headers.access_token).toBe('oa-token');
    expect(request.json).toEqual({
      user_id: msg.to,
      template_id: '312345',
      template_data: { title: msg.subject, content: msg.text },
      tracking_id: msg.deliveryId,
    });
  });

  it('sends by phone when the address is E.164, reading a refreshed token each time', async () => {
    let token = 'first';
    const channel = createZaloZnsChannel({ ...options, accessToken: () => token });
    expect(await channel.send(zalo({ to: '+84912345678' }))).toMatchObject({ status: 'sent' });
    token = 'second';
    expect(await channel.send(zalo({ to: '+84912345678' }))).toMatchObject({ status: 'sent' });
    const [a, b] = provider.requestsTo('zns').slice(-2);
    expect(a!.json).toMatchObject({ phone: '84912345678' });
    expect(a!.json).not.toHaveProperty('user_id');
    expect([a!.headers.access_token, b!.headers.access_token]).toEqual(['first', 'second']);
  });

  it('answers a resend with the first message id, and the provider counts it once', async () => {
    const channel = createZaloZnsChannel(options);
    const msg = zalo();
    const accepted = provider.accepted;
    const first = await channel.send(msg);
    const again = await channel.send(msg);
    expect(again).toEqual(first);
    expect(provider.accepted).toBe(accepted + 1);
  });

  it('rejects permanent error codes and retries transient ones', async () => {
    const channel = createZaloZnsChannel(options);
    for (const [code, status] of [
      [-108, 'rejected'],
      [-118, 'rejected'],
      [-139, 'rejected'],
      [-100, 'retry'],
      [-124, 'retry'],
      [-32, 'retry'],
    ] as const) {
      provider.respond = () => ({ status: 200, body: { error: code, message: 'for 84912345678' } });
      expect(await channel.send(zalo())).toEqual({ status, reason: `provider code ${code}` });
    }
  });

  it('retries on server errors and refuses malformed addresses locally', async () => {
    const channel = createZaloZnsChannel(options);
    provider.failNext(1, 502);
    expect(await channel.send(zalo())).toEqual({ status: 'retry', reason: 'http 502' });
    const before = provider.requests;
    expect(await channel.send(zalo({ to: '+14155550100' }))).toMatchObject({ status: 'rejected' });
    expect(await channel.send(zalo({ to: 'someone@example.vn' }))).toMatchObject({
      status: 'rejected',
    });
    expect(provider.requests).toBe(before);
  });

  it('keeps to its rate', async () => {
    const channel = createZaloZnsChannel({ ...options, ratePerSecond: 20 });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 6 }, () => channel.send(zalo())));
    expect(results.every((r) => r.status === 'sent')).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    await channel.close();
  });
});
