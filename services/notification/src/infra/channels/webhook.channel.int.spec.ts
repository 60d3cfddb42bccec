import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tempDir, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../app/webhook-signature.js';
import {
  startRecordingProvider,
  type RecordedRequest,
  type RecordingProvider,
} from '../../testing/recording-provider.js';
import type { OutboundMessage } from './channel.js';
import type { ResolvedAddress } from './private-address.js';
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

/** A DNS stand-in: answers each query with the next entry (the last one repeats), and counts. */
function scriptedDns(...answers: string[][]) {
  const asked: string[] = [];
  const resolve = (hostname: string): Promise<ResolvedAddress[]> => {
    asked.push(hostname);
    const answer = answers[Math.min(asked.length, answers.length) - 1] ?? [];
    return Promise.resolve(
      answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
  return { resolve, asked };
}

// A public address that answers nothing here: the rebinding test must not depend on the internet.
const PUBLIC = '93.184.215.14';

describe('webhook addresses, checked where they are connected to', () => {
  let provider: RecordingProvider;
  beforeAll(async () => {
    provider = await startRecordingProvider();
  });
  afterAll(async () => {
    await provider.close();
  });
  const port = () => new URL(provider.url).port;

  it('connects to the address it checked: a rebinding second answer (127.0.0.1) is never asked for', async () => {
    const dns = scriptedDns([PUBLIC], ['127.0.0.1']);
    const channel = createWebhookChannel({ allowHttp: true, timeoutMs: 300, resolve: dns.resolve });
    const before = provider.requests;
    const result = await channel.send(
      message(provider, { to: `http://rebind.partner.test:${port()}/hooks/rebind` }),
    );
    expect(result.status).toBe('retry');
    expect(dns.asked).toEqual(['rebind.partner.test']);
    expect(provider.requests).toBe(before);
    await channel.close();
  });

  it('refuses a host when any of its addresses is private, and sends nothing', async () => {
    const dns = scriptedDns([PUBLIC, '127.0.0.1']);
    const channel = createWebhookChannel({ allowHttp: true, resolve: dns.resolve });
    const before = provider.requests;
    expect(
      await channel.send(message(provider, { to: `http://mixed.partner.test:${port()}/hooks/x` })),
    ).toEqual({ status: 'rejected', reason: 'webhook host resolves to a private address' });
    expect(provider.requests).toBe(before);
    await channel.close();
  });

  it.each([
    '64:ff9b:1::7f00:1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    'fec0::1',
    '192.88.99.1',
    '::ffff:127.0.0.1',
    '::ffff:192.88.99.1',
    '64:ff9b::7f00:1',
  ])('refuses a name that resolves to %s, and a URL that names it', async (address) => {
    const dns = scriptedDns([address]);
    const channel = createWebhookChannel({ resolve: dns.resolve });
    const refused = { status: 'rejected', reason: 'webhook host resolves to a private address' };
    expect(await channel.send(message(provider, { to: 'https://hooks.partner.test/x' }))).toEqual(
      refused,
    );
    const literal = address.includes(':') ? `[${address}]` : address;
    expect(await channel.send(message(provider, { to: `https://${literal}/x` }))).toEqual(refused);
    // The literal was judged as it is: no lookup.
    expect(dns.asked).toEqual(['hooks.partner.test']);
    await channel.close();
  });
});

describe('webhook TLS through the pinned connection', () => {
  let dir: TempDir;
  let server: HttpsServer | undefined;
  let ca = '';
  const seen: { servername: string | false | null; path: string }[] = [];
  let skip = '';

  beforeAll(async () => {
    dir = await tempDir();
    try {
      // A private CA and a certificate for hooks.partner.test only.
      const run = (...args: string[]) =>
        execFileSync('openssl', args, { cwd: dir.path, stdio: 'pipe' });
      const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
      run(
        'req',
        ...ec,
        '-keyout',
        'server.key',
        '-out',
        'server.csr',
        '-subj',
        '/CN=hooks.partner.test',
      );
      run(
        'req',
        '-x509',
        ...ec,
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '1',
        '-subj',
        '/CN=PCN test CA',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=keyCertSign',
      );
      writeFileSync(dir.file('san.ext'), 'subjectAltName=DNS:hooks.partner.test\n');
      run(
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        'server.pem',
        '-days',
        '1',
        '-extfile',
        'san.ext',
      );
    } catch (err) {
      skip = `openssl could not make test certificates: ${err instanceof Error ? err.message : String(err)}`;
      console.warn(`skipping webhook TLS tests: ${skip}`);
      return;
    }
    ca = readFileSync(dir.file('ca.pem'), 'utf8');
    const listening = createHttpsServer(
      { key: readFileSync(dir.file('server.key')), cert: readFileSync(dir.file('server.pem')) },
      (req, res) => {
        seen.push({ servername: (req.socket as TLSSocket).servername, path: req.url ?? '' });
        req.resume();
        req.on('end', () => res.writeHead(204).end());
      },
    );
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    server = listening;
  });
  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await dir?.remove();
  });

  it('verifies the certificate against the host name and sends it as SNI', async (ctx) => {
    if (skip) ctx.skip(skip);
    const port = (server?.address() as AddressInfo).port;
    // Development: local endpoints are allowed, and still reached through the pinned lookup.
    const dns = scriptedDns(['127.0.0.1']);
    const channel = createWebhookChannel({
      allowPrivateNetworks: true,
      resolve: dns.resolve,
      ca,
      timeoutMs: 2_000,
    });
    const provider = { url: `https://hooks.partner.test:${port}` } as RecordingProvider;
    expect(await channel.send(message(provider, { to: `${provider.url}/hooks/tls` }))).toEqual({
      status: 'delivered',
      providerMessageId: null,
    });
    expect(seen).toEqual([{ servername: 'hooks.partner.test', path: '/hooks/tls' }]);

    const wrongName = await channel.send(
      message(provider, { to: `https://other.partner.test:${port}/hooks/tls` }),
    );
    expect(wrongName).toEqual({ status: 'retry', reason: 'network ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(seen).toHaveLength(1);
    await channel.close();
  });
});
