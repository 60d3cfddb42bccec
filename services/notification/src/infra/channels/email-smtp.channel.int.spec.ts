import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink.js';
import type { ChannelAdapter, OutboundMessage } from './channel.js';
import { createEmailSmtpChannel } from './email-smtp.channel.js';

const subject = 'Lấy ý kiến: Dự thảo Luật Đất đai (sửa đổi) — hạn góp ý 30/11';
const text =
  'Kính gửi ông/bà,\n\nDự thảo Luật Đất đai (sửa đổi) đang được lấy ý kiến nhân dân. Mời ông/bà góp ý trước ngày 30/11.\n';
const html =
  '<p>Kính gửi ông/bà,</p><p>Dự thảo <b>Luật Đất đai (sửa đổi)</b> đang được lấy ý kiến.</p>';

function email(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    deliveryId: 'evt-1:sub-1:email',
    channel: 'email',
    to: 'nguyen.van.a@example.vn',
    language: 'vi',
    subject,
    text,
    html,
    unsubscribeUrl: 'https://pcn.example.vn/u/tok_abc123?c=email',
    ...overrides,
  };
}

describe('email SMTP channel', () => {
  let sink: SmtpSink;
  let channel: ChannelAdapter;
  beforeAll(async () => {
    sink = await startSmtpSink({ rejectRecipients: ['gone@example.vn'] });
    channel = createEmailSmtpChannel({
      host: sink.host,
      port: sink.port,
      secure: false,
      user: 'pcn',
      pass: 'pcn',
      from: '"Cổng lấy ý kiến" <no-reply@pcn.example.vn>',
      connectionTimeoutMs: 2_000,
    });
  });
  afterAll(async () => {
    await channel.close();
    await sink.close();
  });

  it('delivers text and HTML with Vietnamese intact, a stable Message-ID and one-click unsubscribe', async () => {
    const result = await channel.send(email());
    expect(result).toEqual({ status: 'sent', providerMessageId: 'SINK1' });

    expect(sink.count).toBe(1);
    const mail = sink.messages[0]!;
    expect(mail.from).toBe('no-reply@pcn.example.vn');
    expect(mail.to).toEqual(['nguyen.van.a@example.vn']);
    expect(mail.subject).toBe(subject);
    expect(mail.text).toBe(text);
    expect(mail.html).toBe(html);
    expect(mail.headers.get('from')).toBe('Cổng lấy ý kiến <no-reply@pcn.example.vn>');
    expect(mail.messageId).toBe('<evt-1%3Asub-1%3Aemail@pcn.example.vn>');
    expect(mail.listUnsubscribe).toBe('<https://pcn.example.vn/u/tok_abc123?c=email>');
    expect(mail.listUnsubscribePost).toBe('List-Unsubscribe=One-Click');
    expect(mail.headers.get('content-language')).toBe('vi');
    // Non-ASCII never travels raw in headers.
    expect(mail.raw.split(/\r?\n\r?\n/)[0]).toMatch(/^[\x20-\x7e\r\n\t]*$/);
  });

  it('sends the same Message-ID again on a resend, and no List-Unsubscribe without a URL', async () => {
    const msg = email({
      deliveryId: 'verify:sub-2:email',
      unsubscribeUrl: undefined,
      html: undefined,
    });
    expect(await channel.send(msg)).toMatchObject({ status: 'sent' });
    expect(await channel.send(msg)).toMatchObject({ status: 'sent' });
    const [a, b] = sink.messages.slice(-2);
    expect(a!.messageId).toBe('<verify%3Asub-2%3Aemail@pcn.example.vn>');
    expect(b!.messageId).toBe(a!.messageId);
    expect(a!.listUnsubscribe).toBeUndefined();
    expect(a!.headers.has('list-unsubscribe-post')).toBe(false);
    expect(a!.html).toBeUndefined();
    expect(a!.text).toBe(text);
  });

  it('reports a recipient refused with 550 as rejected, without the address', async () => {
    const before = sink.count;
    const result = await channel.send(
      email({ to: 'gone@example.vn', deliveryId: 'evt-2:sub-3:email' }),
    );
    expect(result).toEqual({ status: 'rejected', reason: 'smtp 550 5.1.1' });
    expect(sink.count).toBe(before);
  });

  it('retries a recipient refused with 450', async () => {
    sink.rejectRecipient('busy@example.vn', 450);
    const result = await channel.send(
      email({ to: 'busy@example.vn', deliveryId: 'evt-3:sub-4:email' }),
    );
    expect(result).toEqual({ status: 'retry', reason: 'smtp 450 4.2.1' });
  });

  it('refuses an address list locally', async () => {
    const before = sink.count;
    expect(await channel.send(email({ to: 'a@example.vn, b@example.vn' }))).toEqual({
      status: 'rejected',
      reason: 'email address malformed',
    });
    expect(sink.count).toBe(before);
  });

  it('retries when the server is unreachable', async () => {
    const down = await startSmtpSink();
    const port = down.port;
    await down.close();
    const offline = createEmailSmtpChannel({
      host: '127.0.0.1',
      port,
      secure: false,
      from: 'no-reply@pcn.example.vn',
      connectionTimeoutMs: 1_000,
    });
    try {
      const result = await offline.send(email());
      expect(result).toMatchObject({ status: 'retry' });
      expect(result.status === 'retry' && result.reason).toMatch(/^smtp E[A-Z]+$/);
    } finally {
      await offline.close();
    }
  });
});
