import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** One message as the sink received it, with the headers and parts tests look at decoded. */
export interface ReceivedMail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients the sink accepted (RCPT TO). */
  to: string[];
  /** The message exactly as transmitted (UTF-8). */
  raw: string;
  /** Top-level headers, lower-case names, unfolded and RFC 2047-decoded; repeats keep the first. */
  headers: Map<string, string>;
  messageId: string | undefined;
  subject: string | undefined;
  listUnsubscribe: string | undefined;
  listUnsubscribePost: string | undefined;
  /** The first text/plain part, decoded. */
  text: string | undefined;
  /** The first text/html part, decoded. */
  html: string | undefined;
  /** The queue id the sink answered with (`250 OK: queued as <id>`). */
  queueId: string;
}

export interface SmtpSinkOptions {
  /** Recipients refused at RCPT TO with this code (`550` by default); compared case-insensitively. */
  rejectRecipients?: Iterable<string>;
  rejectCode?: number;
  /** Port to listen on (default 0: a free one). */
  port?: number;
  /** How long `close` waits for clients to hang up before cutting them (default 30 s). */
  closeTimeoutMs?: number;
  /** Told of each message as it is accepted. */
  onMessage?: (mail: ReceivedMail) => void;
}

export interface SmtpSink extends AsyncDisposable {
  readonly host: string;
  readonly port: number;
  readonly messages: readonly ReceivedMail[];
  /** Messages accepted so far. */
  readonly count: number;
  /** Refuse a recipient from now on: 550 (permanent) or 450 (try later), say. */
  rejectRecipient(address: string, code?: number): void;
  close(): Promise<void>;
}

/**
 * A local SMTP server that takes every message (no TLS, authentication optional) and records it, for
 * tests of the email adapter against the real protocol. Listens on 127.0.0.1, on a free port.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const rejected = new Map<string, number>();
  for (const address of options.rejectRecipients ?? []) {
    rejected.set(address.toLowerCase(), options.rejectCode ?? 550);
  }
  const messages: ReceivedMail[] = [];
  let sequence = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    ...(options.closeTimeoutMs !== undefined && { closeTimeout: options.closeTimeoutMs }),
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' });
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const code = rejected.get(address.address.toLowerCase());
      if (code === undefined) return callback();
      const err = Object.assign(
        new Error(code >= 500 ? '5.1.1 Mailbox unavailable' : '4.2.1 Try again later'),
        { responseCode: code },
      );
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err: Error) => callback(err));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const parsed = parseMime(raw.toString('latin1'));
        const queueId = `SINK${++sequence}`;
        const header = (name: string) => parsed.headers.get(name);
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: raw.toString('utf8'),
          headers: parsed.headers,
          messageId: header('message-id'),
          subject: header('subject'),
          listUnsubscribe: header('list-unsubscribe'),
          listUnsubscribePost: header('list-unsubscribe-post'),
          text: findPart(parsed, 'text/plain'),
          html: findPart(parsed, 'text/html'),
          queueId,
        };
        messages.push(mail);
        options.onMessage?.(mail);
        callback(null, `OK: queued as ${queueId}`);
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  // Errors after startup (a client dropping mid-session) are the client's business, not the test's.
  server.on('error', () => undefined);

  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    host: '127.0.0.1',
    port,
    messages,
    get count() {
      return messages.length;
    },
    rejectRecipient(address, code = 550) {
      rejected.set(address.toLowerCase(), code);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

// A small MIME reader: enough for what nodemailer writes (multipart, base64, quoted-printable, RFC
// 2047 headers), so that tests need no mail-parsing dependency.

interface MimePart {
  headers: Map<string, string>;
  /** The body as latin1 (one char per byte), still transfer-encoded. */
  body: string;
  parts: MimePart[];
}

function parseMime(latin1: string): MimePart {
  const split = /\r?\n\r?\n/.exec(latin1);
  const head = split ? latin1.slice(0, split.index) : latin1;
  const body = split ? latin1.slice(split.index + split[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
    if (!headers.has(name)) headers.set(name, decodeEncodedWords(value));
  }
  const parts: MimePart[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  if (/^multipart\//i.test(headers.get('content-type') ?? '') && boundary) {
    const delimiter = `--${boundary}`;
    const sections = body.split(new RegExp(`\\r?\\n?${escapeRegExp(delimiter)}`));
    // Skip the preamble; stop at the closing delimiter (a section starting with `--`).
    for (const section of sections.slice(1)) {
      if (section.startsWith('--')) break;
      parts.push(parseMime(section.replace(/^[ \t]*\r?\n/, '')));
    }
  }
  return { headers, body, parts };
}

function findPart(part: MimePart, type: string): string | undefined {
  const contentType = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (part.parts.length > 0) {
    for (const child of part.parts) {
      const found = findPart(child, type);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!contentType.startsWith(type)) return undefined;
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(part.body, 'base64');
  else if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(part.body);
  else bytes = Buffer.from(part.body, 'latin1');
  return bytes.toString('utf8').replace(/\r\n/g, '\n');
}

function decodeQuotedPrintable(latin1: string): Buffer {
  const soft = latin1.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(soft.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** RFC 2047: adjacent encoded words join without the whitespace between them, bytes first. */
function decodeEncodedWords(value: string): string {
  const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(new RegExp(`(?:${word.source})+`, 'g'), (run) => {
      const bytes: Buffer[] = [];
      let charset = 'utf-8';
      for (const m of run.matchAll(word)) {
        charset = (m[1] ?? 'utf-8').split('*')[0]!;
        const text = m[3] ?? '';
        bytes.push(
          m[2]?.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : decodeQuotedPrintable(text.replace(/_/g, ' ')),
        );
      }
      return new TextDecoder(charset).decode(Buffer.concat(bytes));
    });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
