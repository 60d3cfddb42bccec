import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const secret = 'whsec_partner_cong_ttdt';
const body = JSON.stringify({ type: 'ConsultationOpened', draftId: 'd-1', title: 'Dự thảo' });
const t = 1_795_000_000;

describe('webhook signatures', () => {
  it('verify with the documented procedure', () => {
    const header = signWebhook(secret, body, t);
    expect(header).toMatch(/^t=1795000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, t + 10)).toEqual({
      ok: true,
      timestamp: t,
    });
    // Bytes, not strings: the same body as a Buffer verifies too.
    expect(verifyWebhookSignature(secret, header, Buffer.from(body), t)).toMatchObject({
      ok: true,
    });
  });

  it('fail for a tampered body, another secret, a replay, or a malformed header', () => {
    const header = signWebhook(secret, body, t);
    expect(verifyWebhookSignature(secret, header, body.replace('d-1', 'd-2'), t)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyWebhookSignature('other', header, body, t)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyWebhookSignature(secret, header, body, t + 301)).toEqual({
      ok: false,
      reason: 'stale',
    });
    for (const bad of [
      undefined,
      '',
      'v1=abc',
      `t=${t}`,
      `t=x,v1=${'0'.repeat(64)}`,
      'x'.repeat(2000),
    ])
      expect(verifyWebhookSignature(secret, bad, body, t)).toEqual({
        ok: false,
        reason: 'malformed',
      });
  });

  it('accept any of several v1 signatures, as during a secret rotation', () => {
    const good = signWebhook(secret, body, t).split(',')[1] ?? '';
    const header = `t=${t},v1=${'a'.repeat(64)},${good}`;
    expect(verifyWebhookSignature(secret, header, body, t)).toMatchObject({ ok: true });
  });
});
