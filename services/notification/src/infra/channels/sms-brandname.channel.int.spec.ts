import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startRecordingProvider,
  type RecordingProvider,
} from '../../testing/recording-provider.js';
import type { OutboundMessage } from './channel.js';
import { createSmsBrandnameChannel } from './sms-brandname.channel.js';

let counter = 0;
function sms(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    deliveryId: `evt-${++counter}:sub-1:sms`,
    channel: 'sms',
    to: '+84912345678',
    language: 'vi',
    subject: '',
    text: 'PCN: Du thao Luat Dat dai mo lay y kien den 30/11.',
    ...overrides,
  };
}

interface EsmsBody {
  ApiKey: string;
  SecretKey: string;
  Phone: string;
  Content: string;
  Brandname: string;
  SmsType: string;
  IsUnicode: string;
  RequestId: string;
  Sandbox: string;
}

describe('SMS brand-name channel', () => {
  let provider: RecordingProvider;
  let options: Parameters<typeof createSmsBrandnameChannel>[0];
  beforeAll(async () => {
    provider = await startRecordingProvider();
    options = {
      baseUrl: provider.url,
      apiKey: 'api-key',
      secretKey: 'secret-key',
      brandname: 'PCN_GOV',
      timeoutMs: 2_000,
    };
  });
  afterAll(async () => {
    await provider.close();
  });
  beforeEach(() => {
    provider.respond = undefined;
    provider.delayMs = 0;
  });

  it('sends Vietnamese text as Unicode with the delivery id as RequestId', async () => {
    const channel = createSmsBrandnameChannel(options);
    const msg = sms({ text: 'PCN: Dự thảo Luật Đất đai mở lấy ý kiến đến 30/11.' });
    const result = await channel.send(msg);
    expect(result).toMatchObject({
      status: 'sent',
      providerMessageId: expect.any(String) as unknown,
    });

    const request = provider.requestsTo('esms').at(-1)!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toEqual({
      ApiKey: 'api-key',
      SecretKey: 'secret-key',
      Phone: '84912345678',
      Content: msg.text,
      Brandname: 'PCN_GOV',
      SmsType: '2',
      IsUnicode: '1',
      RequestId: msg.deliveryId,
      Sandbox: '0',
    } satisfies EsmsBody);
  });

  it('sends GSM text as non-Unicode', async () => {
    const channel = createSmsBrandnameChannel(options);
    expect(await channel.send(sms())).toMatchObject({ status: 'sent' });
    expect((provider.requestsTo('esms').at(-1)!.json as EsmsBody).IsUnicode).toBe('0');
  });

  it('treats a duplicate RequestId as sent, and the gateway counts the message once', async () => {
    const channel = createSmsBrandnameChannel(options);
    const msg = sms();
    const accepted = provider.accepted;
    const requests = provider.requests;
    expect(await channel.send(msg)).toMatchObject({ status: 'sent' });
    // A resend after a crash: the gateway answers 124.
    expect(await channel.send(msg)).toMatchObject({ status: 'sent' });
    expect(provider.requests).toBe(requests + 2);
    expect(provider.accepted).toBe(accepted + 1);
  });

  it('rejects on provider error codes, naming only the code', async () => {
    // Refused credentials are the account's problem: retried, so a fixed key still sends them.
    const channel = createSmsBrandnameChannel({ ...options, apiKey: '' });
    expect(await channel.send(sms())).toMatchObject({
      status: 'retry',
      reason: 'provider code 101',
    });

    const ok = createSmsBrandnameChannel(options);
    provider.respond = () => ({
      status: 200,
      body: { CodeResult: '104', ErrorMessage: 'Brandname PCN_GOV not found for 84912345678' },
    });
    expect(await ok.send(sms())).toEqual({ status: 'rejected', reason: 'provider code 104' });

    provider.respond = () => ({ status: 200, body: { CodeResult: '99' } });
    expect(await ok.send(sms())).toEqual({ status: 'retry', reason: 'provider code 99' });
  });

  it('retries on 503, timeouts and unreadable answers', async () => {
    const channel = createSmsBrandnameChannel({ ...options, timeoutMs: 150 });
    provider.failNext(1, 503, { headers: { 'Retry-After': '5' } });
    expect(await channel.send(sms())).toEqual({
      status: 'retry',
      reason: 'http 503',
      retryAfterMs: 5_000,
    });

    provider.respond = () => ({ status: 200, body: '<html>maintenance</html>' });
    expect(await channel.send(sms())).toEqual({
      status: 'retry',
      reason: 'unreadable provider answer',
    });
    provider.respond = undefined;

    provider.delayMs = 1_000;
    expect(await channel.send(sms())).toEqual({ status: 'retry', reason: 'timeout' });
  });

  it('refuses, without calling the gateway, messages too long or to non-Vietnamese numbers', async () => {
    const channel = createSmsBrandnameChannel({ ...options, maxSegments: 2 });
    const before = provider.requests;
    // 2 UCS-2 segments hold 134 units; 135 need 3.
    expect(await channel.send(sms({ text: 'ệ'.repeat(135) }))).toEqual({
      status: 'rejected',
      reason: 'sms too long: 3 segments (max 2)',
    });
    expect(await channel.send(sms({ text: 'ệ'.repeat(134) }))).toMatchObject({ status: 'sent' });
    expect(await channel.send(sms({ to: '+14155550100' }))).toMatchObject({ status: 'rejected' });
    expect(await channel.send(sms({ to: '0912345678' }))).toMatchObject({ status: 'rejected' });
    expect(provider.requests).toBe(before + 1);
  });

  it('keeps to its rate', async () => {
    // 20/s, evenly spaced: the first at once, then one every 50 ms: 10 take at least 450 ms.
    const channel = createSmsBrandnameChannel({ ...options, ratePerSecond: 20 });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 10 }, () => channel.send(sms())));
    const elapsed = performance.now() - started;
    expect(results.every((r) => r.status === 'sent')).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(440);
    expect(elapsed).toBeLessThan(3_000);
    await channel.close();
  });

  it('gives back waiting messages as retries when closed', async () => {
    const channel = createSmsBrandnameChannel({ ...options, ratePerSecond: 1 });
    const first = channel.send(sms());
    const waiting = channel.send(sms());
    await first;
    await channel.close();
    expect(await waiting).toEqual({ status: 'retry', reason: 'shutting down' });
  });
});
