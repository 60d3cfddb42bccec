import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../app/webhook-signature.js';
import {
  startRecordingProvider,
  type RecordedRequest,
  type RecordingProvider,
} from '../../testing/recording-provider.js';
import type { OutboundMessage } from './channel.js';
import { createWebhookChannel } from './webhook.channel.js';

const secret = 'whsec_cong_thong_tin';

function message(provider: RecordingProvider, overrides: Partial<OutboundMessage> = {}) {
  const deliveryId =
    overrides.deliveryId ?? `evt-${Math.random().toString(36).slice(2)}:sub-1:webhook`;
  return {
    deliveryId,
    channel: 'webhook',
    to: `${provider.url}/hooks/partner-a`,
    language: 'vi',
    subject: 'Lấy ý kiến dự thảo',
    text: '',
    webhookSecret: secret,
    payload: {
      id: deliveryId,
      type: 'ConsultationOpened',
      createdAt: '2026-11-20T08:00:00.000Z',
      data: { draftId: 'd-1', title: 'Dự thảo Luật Đất đai (sửa đổi)' },
    },
    ...overrides,
  } satisfies OutboundMessage;
}

function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

describe('webhook channel', () => {
  let provider: RecordingProvider;
  beforeAll(async () => {
    provider = await startRecordingProvider();
  });
  afterAll(async () => {
    await provider.close();
  });
  beforeEach(() => {
    provider.respond = undefined;
    provider.delayMs = 0;
  });

  const channel = createWebhookChannel({
    allowHttp: true,
    allowPrivateNetworks: true,
    timeoutMs: 2_000,
  });

  it('POSTs the payload signed, with the delivery id and user agent, and reports delivered', async () => {
    const msg = message(provider);
    const result = await channel.send(msg);
    expect(result).toEqual({ status: 'delivered', providerMessageId: null });

    const request = provider.received.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hooks/partner-a');
    expect(header(request, 'content-type')).toBe('application/json');
    expect(header(request, 'user-agent')).toBe('PCN-Webhooks/1');
    expect(header(request, 'pcn-delivery-id')).toBe(msg.deliveryId);
    expect(request.json).toEqual(msg.payload);

    const signature = header(request, SIGNATURE_HEADER);
    expect(verifyWebhookSignature(secret, signature, request.body)).toMatchObject({ ok: true });
    const tampered = request.body.replace('d-1', 'd-2');
    expect(tampered).not.toBe(request.body);
    expect(verifyWebhookSignature(secret, signature, tampered)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyWebhookSignature('another-secret', signature, request.body)).toMatchObject({
      ok: false,
    });
  });

  it('counts a resend of the same delivery once at the receiver', async () => {
    const msg = message(provider);
    const before = provider.accepted;
    await channel.send(msg);
    await channel.send(msg);
    expect(provider.accepted).toBe(before + 1);
  });

  it('retries 5xx, 429 and 408, with a capped Retry-After', async () => {
    provider.failNext(1, 500);
    expect(await channel.send(message(provider))).toEqual({ status: 'retry', reason: 'http 500' });

    provider.failNext(1, 429, { headers: { 'Retry-After': '30' } });
    expect(await channel.send(message(provider))).toEqual({
      status: 'retry',
      reason: 'http 429',
      retryAfterMs: 30_000,
    });

    provider.failNext(1, 503, { headers: { 'Retry-After': '86400' } });
    expect(await channel.send(message(provider))).toEqual({
      status: 'retry',
      reason: 'http 503',
      retryAfterMs: 600_000,
    });

    provider.failNext(1, 408);
    expect(await channel.send(message(provider))).toMatchObject({ status: 'retry' });
  });

  it('rejects 410 Gone and other 4xx', async () => {
    provider.failNext(1, 410);
    expect(await channel.send(message(provider))).toEqual({
      status: 'rejected',
      reason: 'http 410 gone',
    });
    provider.failNext(1, 400, { body: { error: 'bad payload for someone@example.vn' } });
    const result = await channel.send(message(provider));
    expect(result).toEqual({ status: 'rejected', reason: 'http 400' });
  });

  it('does not follow a redirect', async () => {
    const before = provider.requests;
    provider.failNext(1, 302, { headers: { Location: `${provider.url}/hooks/elsewhere` } });
    expect(await channel.send(message(provider))).toEqual({
      status: 'rejected',
      reason: 'http 302 redirect not followed',
    });
    expect(provider.requests).toBe(before + 1);
  });

  it('retries when the receiver is too slow', async () => {
    provider.delayMs = 1_000;
    const quick = createWebhookChannel({
      allowHttp: true,
      allowPrivateNetworks: true,
      timeoutMs: 150,
    });
    const started = Date.now();
    expect(await quick.send(message(provider))).toEqual({ status: 'retry', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('retries when nothing listens', async () => {
    const down = await startRecordingProvider();
    const url = `${down.url}/hooks/gone`;
    await down.close();
    const result = await channel.send(message(provider, { to: url }));
    expect(result).toMatchObject({ status: 'retry' });
    expect(result.status === 'retry' && result.reason).toMatch(/^network /);
  });

  it('refuses plain http unless allowed, and messages without a secret or payload', async () => {
    const strict = createWebhookChannel();
    expect(await strict.send(message(provider))).toEqual({
      status: 'rejected',
      reason: 'webhook url not https',
    });
    const before = provider.requests;
    expect(await channel.send(message(provider, { webhookSecret: '' }))).toMatchObject({
      status: 'rejected',
    });
    expect(await channel.send(message(provider, { payload: undefined }))).toMatchObject({
      status: 'rejected',
    });
    expect(provider.requests).toBe(before);
  });

  it('refuses endpoints on private addresses outside development, and sends them nothing', async () => {
    const production = createWebhookChannel({ allowHttp: true });
    const before = provider.requests;
    expect(await production.send(message(provider))).toEqual({
      status: 'rejected',
      reason: 'webhook host resolves to a private address',
    });
    expect(provider.requests).toBe(before);
  });
});
