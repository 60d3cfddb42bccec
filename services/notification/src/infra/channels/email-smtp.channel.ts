import nodemailer, { type NodemailerError } from 'nodemailer';
import type { ChannelAdapter, OutboundMessage, SendResult } from './channel.js';

export interface EmailSmtpChannelOptions {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  user?: string;
  pass?: string;
  /** `no-reply@example.vn` or `"Cổng PCN" <no-reply@example.vn>`; its domain ends the Message-ID. */
  from: string;
  /** Connecting and waiting for the greeting; default 10 s. */
  connectionTimeoutMs?: number;
  /** One whole send, queueing in the pool included; default 60 s. */
  sendTimeoutMs?: number;
  /** Open SMTP connections; default 5. */
  maxConnections?: number;
}

/** The domain of the sender address, so that Message-IDs are ours; `pcn.local` if there is none. */
export function messageIdDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match?.[1]?.toLowerCase() ?? 'pcn.local';
}

/**
 * `<deliveryId@domain>`. Delivery ids hold `:` (not allowed left of the `@`), so every character
 * other than letters, digits, `-` and `_` is percent-encoded: still unique, and the same on resend,
 * so a receiving system that de-duplicates on Message-ID drops a repeat.
 */
export function deliveryMessageId(deliveryId: string, domain: string): string {
  const local = Array.from(Buffer.from(deliveryId, 'utf8'))
    .map((byte) => {
      const ch = String.fromCharCode(byte);
      return /[A-Za-z0-9_-]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  return `<${local}@${domain}>`;
}

/** The enhanced status code (`5.1.1`) of an SMTP reply: it says why without quoting the address. */
function enhancedStatus(response: string | undefined): string | undefined {
  return response ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1] : undefined;
}

function smtpFailure(err: unknown): SendResult {
  const e = (err ?? {}) as NodemailerError;
  // Credentials and settings are ours to fix; the message itself is fine, so it waits.
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH' || e.code === 'ECONFIG') {
    return { status: 'retry', reason: `smtp ${e.code}` };
  }
  if (typeof e.responseCode === 'number') {
    const detail = enhancedStatus(e.response);
    const reason = `smtp ${e.responseCode}${detail ? ` ${detail}` : ''}`;
    // nodemailer marks 5xx (but 503, a session-state error) as permanent.
    const permanent =
      e.permanent ?? (e.responseCode >= 500 && e.responseCode < 600 && e.responseCode !== 503);
    return permanent ? { status: 'rejected', reason } : { status: 'retry', reason };
  }
  if (e.code === 'EABORT') return { status: 'retry', reason: 'smtp timeout' };
  return { status: 'retry', reason: typeof e.code === 'string' ? `smtp ${e.code}` : 'smtp error' };
}

/** Server replies like `250 2.0.0 Ok: queued as 4ZxK1` name the server's own id for the message. */
function queueId(response: string | undefined): string | undefined {
  return response ? /queued as ([A-Za-z0-9._-]+)/i.exec(response)?.[1] : undefined;
}

/** Email through one pooled SMTP relay, text and HTML parts, RFC 8058 one-click unsubscribe. */
export function createEmailSmtpChannel(options: EmailSmtpChannelOptions): ChannelAdapter {
  const connectionTimeoutMs = options.connectionTimeoutMs ?? 10_000;
  const sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
  const domain = messageIdDomain(options.from);
  const transport = nodemailer.createTransport({
    pool: true,
    host: options.host,
    port: options.port,
    secure: options.secure,
    ...(options.user !== undefined && { auth: { user: options.user, pass: options.pass ?? '' } }),
    maxConnections: options.maxConnections ?? 5,
    connectionTimeout: connectionTimeoutMs,
    greetingTimeout: connectionTimeoutMs,
    socketTimeout: sendTimeoutMs,
    // nodemailer's own log would carry addresses; outcomes are logged by the caller.
    logger: false,
  });

  async function send(message: OutboundMessage): Promise<SendResult> {
    // One plain address: a list or a display name here would send to someone else too.
    if (!/^[^\s@,;<>"()]+@[^\s@,;<>"()]+$/.test(message.to)) {
      return { status: 'rejected', reason: 'email address malformed' };
    }
    const headers: Record<string, string> = {};
    if (message.language) headers['Content-Language'] = message.language;
    if (message.unsubscribeUrl) {
      headers['List-Unsubscribe'] = `<${message.unsubscribeUrl}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    try {
      const info = await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined && { html: message.html }),
        messageId: deliveryMessageId(message.deliveryId, domain),
        headers,
        signal: AbortSignal.timeout(sendTimeoutMs),
      });
      if (info.accepted.length === 0) {
        return { status: 'rejected', reason: 'smtp recipient rejected' };
      }
      return {
        status: 'sent',
        providerMessageId: info.serverMessageId ?? queueId(info.response) ?? info.messageId,
      };
    } catch (err) {
      return smtpFailure(err);
    }
  }

  return {
    channel: 'email',
    send,
    close: () => {
      transport.close();
      return Promise.resolve();
    },
  };
}
