import { startRecordingProvider, type RecordedRequest } from './recording-provider.js';
import { startSmtpSink, type ReceivedMail } from './smtp-sink.js';

/** The path on the catcher's HTTP port that lists what it caught, newest first (JSON). */
export const DEV_OUTBOX_PATH = '/outbox';

/** One message a citizen would have received, as the provider got it. */
export interface CaughtMessage {
  /** Order of arrival, from 1. */
  seq: number;
  /** ISO time of arrival. */
  at: string;
  channel: 'email' | 'sms' | 'zalo';
  /** The address the provider was asked to deliver to (email, `84…` phone, Zalo user id). */
  to: string;
  /** Email's Content-Language; the SMS and ZNS APIs carry none, so null there. */
  language: string | null;
  /** Email subject, ZNS title; empty for SMS. */
  subject: string;
  text: string;
}

export interface DevCatcherOptions {
  /** Default 0 (a free port). */
  smtpPort?: number;
  /** The eSMS and ZNS stand-in, and the outbox listing; default 0. */
  httpPort?: number;
  /** Most messages kept; the oldest go first (default 500). */
  keep?: number;
  clock?: () => Date;
}

export interface DevCatcher extends AsyncDisposable {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly smtpUrl: string;
  /** `http://127.0.0.1:<port>`, for SMS_API_URL and ZALO_API_URL. */
  readonly providerUrl: string;
  /** `http://127.0.0.1:<port>/outbox`, for the gateway's DEV_OUTBOX_URL. */
  readonly outboxUrl: string;
  /** Newest first. */
  messages(): CaughtMessage[];
  close(): Promise<void>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Local catchers for `npm start` (development only, never built into dist): a real SMTP server
 * and an HTTP server speaking the eSMS and Zalo ZNS APIs, which the notification service's own
 * adapters talk to, so that every message a newcomer's network sends can be read at the gateway's
 * /dev/outbox instead of failing with "no provider configured".
 */
export async function startDevCatcher(options: DevCatcherOptions = {}): Promise<DevCatcher> {
  const keep = options.keep ?? 500;
  const clock = options.clock ?? (() => new Date());
  const caught: CaughtMessage[] = [];
  // The provider emulation drops a repeated RequestId / tracking_id; so does the outbox.
  const seen = new Set<string>();
  let seq = 0;

  function add(message: Omit<CaughtMessage, 'seq' | 'at'>, requestId?: string): void {
    if (requestId) {
      const key = `${message.channel}:${requestId}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    caught.push({ seq: ++seq, at: clock().toISOString(), ...message });
    if (caught.length > keep) caught.splice(0, caught.length - keep);
    if (seen.size > keep * 4) seen.clear();
  }

  function fromMail(mail: ReceivedMail): void {
    add({
      channel: 'email',
      to: mail.to.join(', '),
      language: mail.headers.get('content-language') ?? null,
      subject: mail.subject ?? '',
      text: mail.text ?? '',
    });
  }

  /** A provider request the emulation will accept, recorded before it answers. */
  function fromProvider(request: RecordedRequest): void {
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (request.endpoint === 'esms' && /^84\d{9,10}$/.test(str(body.Phone)) && body.ApiKey) {
      add(
        {
          channel: 'sms',
          to: str(body.Phone),
          language: null,
          subject: '',
          text: str(body.Content),
        },
        str(body.RequestId),
      );
    } else if (request.endpoint === 'zns' && request.headers.access_token) {
      const data = (body.template_data ?? {}) as Record<string, unknown>;
      const to = str(body.phone) || str(body.user_id);
      if (!to) return;
      add(
        { channel: 'zalo', to, language: null, subject: str(data.title), text: str(data.content) },
        str(body.tracking_id),
      );
    }
  }

  const messages = () => caught.slice().reverse();
  const smtp = await startSmtpSink({
    port: options.smtpPort,
    // The notification service keeps pooled connections open: cut them rather than wait.
    closeTimeoutMs: 500,
    onMessage: fromMail,
  });
  const provider = await startRecordingProvider({
    port: options.httpPort,
    respond(request) {
      if (request.method === 'GET' && request.path.split('?')[0] === DEV_OUTBOX_PATH)
        return { status: 200, body: { messages: messages() } };
      fromProvider(request);
      return undefined;
    },
  });

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= Promise.all([smtp.close(), provider.close()]).then(() => {}));
  return {
    smtpUrl: `smtp://${smtp.host}:${smtp.port}`,
    providerUrl: provider.url,
    outboxUrl: `${provider.url}${DEV_OUTBOX_PATH}`,
    messages,
    close,
    [Symbol.asyncDispose]: close,
  };
}
