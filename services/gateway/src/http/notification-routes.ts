import { status as grpcStatus } from '@grpc/grpc-js';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { notification as pb } from '@pcn/contracts';
import { DomainError, escapeHtml, type DomainErrorCode, type Logger } from '@pcn/platform';
import { smsIdempotencyKey } from '../feedback/sms-feedback-command.js';
import { isServiceError } from '../graphql/errors.js';
import type { IdentityService } from '../identity/identity.contract.js';
import type { NotificationClient } from '../infra/notification-client.js';

/**
 * The notification service's plain-HTTP doors, for people following links in messages and for
 * the SMS provider's callbacks:
 *
 * - `GET /unsubscribe/:token`: a small page with a button; nothing changes on GET, because mail
 *   scanners open links. `POST /unsubscribe/:token` unsubscribes (RFC 8058 one-click:
 *   `List-Unsubscribe=One-Click`, which the page's form sends too).
 * - `GET /confirm/:token`: a page with a button; `POST` confirms the contact point of the link.
 * - `POST /hooks/sms/inbound` and `/hooks/sms/status`: the provider's callbacks, with the shared
 *   secret in `X-PCN-Hook-Secret`, relayed as the gateway service.
 *
 * Tokens, phone numbers and message texts never reach the log.
 */

export const HOOK_SECRET_HEADER = 'x-pcn-hook-secret';
/** Callback and form bodies are small; anything bigger is refused unread. */
export const MAX_HOOK_BODY_BYTES = 16 * 1024;

const TOKEN = /^[A-Za-z0-9_-]{1,512}$/;
const UNSUBSCRIBE = /^\/unsubscribe\/([^/]*)$/;
const CONFIRM = /^\/confirm\/([^/]*)$/;
const HOOK_INBOUND = '/hooks/sms/inbound';
const HOOK_STATUS = '/hooks/sms/status';
/** The provider's status, as the notification service's enum. */
const PROVIDER_STATUS = {
  delivered: pb.ProviderDeliveryStatus.PROVIDER_DELIVERY_STATUS_DELIVERED,
  failed: pb.ProviderDeliveryStatus.PROVIDER_DELIVERY_STATUS_FAILED,
} as const;

const HTTP_FOR: Record<DomainErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  FAILED_PRECONDITION: 400,
  RESOURCE_EXHAUSTED: 429,
};

export interface NotificationRoutesOptions {
  notifications: NotificationClient;
  identity: Pick<IdentityService, 'authenticate'>;
  logger: Logger;
  /** Unset: the SMS callbacks answer 503. */
  smsWebhookSecret: string | undefined;
  /**
   * An inbound text's other reader, asked first: a comment (`GY ...`) is answered there; anything
   * it leaves (undefined) comes to the notification service as before (STOP words, replies).
   */
  inboundText?: (
    from: string,
    text: string,
    messageId: string,
  ) => Promise<Record<string, unknown> | 'unavailable' | undefined>;
}

type Outcome =
  | { kind: 'ok' }
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'unavailable' }
  | { kind: 'failed' };

function page(
  res: ServerResponse,
  status: number,
  title: { vi: string; en: string },
  body: { vi: string; en: string },
  form?: { action: string; button: { vi: string; en: string } },
): void {
  const formHtml = form
    ? `<form method="post" action="${escapeHtml(form.action)}">` +
      '<input type="hidden" name="List-Unsubscribe" value="One-Click">' +
      `<button type="submit">${escapeHtml(form.button.vi)} / ${escapeHtml(form.button.en)}</button>` +
      '</form>'
    : '';
  const html =
    '<!doctype html><html lang="vi"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex">' +
    `<title>${escapeHtml(title.vi)} / ${escapeHtml(title.en)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}' +
    'button{font-size:1rem;padding:.6rem 1.2rem;cursor:pointer}.en{color:#555}</style></head><body>' +
    `<h1>${escapeHtml(title.vi)}</h1><p>${escapeHtml(body.vi)}</p>` +
    `<h2 class="en" lang="en">${escapeHtml(title.en)}</h2><p class="en" lang="en">${escapeHtml(body.en)}</p>` +
    formHtml +
    '</body></html>';
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The token is in the URL: never sent on to another site, never indexed.
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  });
  res.end(html);
}

function jsonAnswer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

function problem(res: ServerResponse, status: number, message: string, code: string): void {
  jsonAnswer(res, status, { errors: [{ message, extensions: { code } }] });
}

/** Reads a body of at most `limit` bytes; null when it is larger (the request is then answered). */
async function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): Promise<Buffer | null> {
  const tooLarge = () =>
    problem(res, 413, `Request body is larger than ${limit} bytes`, 'PAYLOAD_TOO_LARGE');
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    tooLarge();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      tooLarge();
      req.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function createNotificationRoutes(options: NotificationRoutesOptions) {
  const { notifications, identity, logger } = options;
  const secretDigest =
    options.smsWebhookSecret !== undefined ? digest(options.smsWebhookSecret) : undefined;

  /** A backend call's outcome, with its error reduced to what may be shown (and logged). */
  async function attempt(work: () => Promise<unknown>): Promise<Outcome> {
    try {
      await work();
      return { kind: 'ok' };
    } catch (err) {
      if (err instanceof DomainError)
        return { kind: 'refused', status: HTTP_FOR[err.code], message: err.message };
      if (
        isServiceError(err) &&
        (err.code === grpcStatus.UNAVAILABLE || err.code === grpcStatus.DEADLINE_EXCEEDED)
      )
        return { kind: 'unavailable' };
      logger.error(
        { error: err instanceof Error ? err.name : 'unknown' },
        'notification route failed',
      );
      return { kind: 'failed' };
    }
  }

  async function anonymous() {
    return notifications.forRequest(await identity.authenticate({}));
  }

  /** The hook secret, compared in constant time: 'ok', 'missing' or 'wrong'. */
  function hookCredential(req: IncomingMessage): 'ok' | 'missing' | 'wrong' {
    const given = req.headers[HOOK_SECRET_HEADER];
    if (typeof given !== 'string' || given === '') return 'missing';
    if (!secretDigest) return 'wrong';
    return timingSafeEqual(digest(given), secretDigest) ? 'ok' : 'wrong';
  }

  function unavailablePage(res: ServerResponse) {
    page(
      res,
      503,
      { vi: 'Tạm thời không thực hiện được', en: 'Temporarily unavailable' },
      {
        vi: 'Hệ thống đang bận. Vui lòng thử lại sau ít phút.',
        en: 'The service is busy. Please try again in a few minutes.',
      },
    );
  }

  function failedPage(res: ServerResponse) {
    page(
      res,
      500,
      { vi: 'Đã có lỗi', en: 'Something went wrong' },
      { vi: 'Vui lòng thử lại sau.', en: 'Please try again later.' },
    );
  }

  const badUnsubscribeLink = (res: ServerResponse) =>
    page(
      res,
      400,
      { vi: 'Liên kết không hợp lệ', en: 'This link is not valid' },
      {
        vi: 'Liên kết hủy đăng ký này không hợp lệ hoặc đã bị cắt ngắn. Hãy mở lại liên kết đầy đủ trong thư.',
        en: 'This unsubscribe link is not valid or was cut short. Open the full link from the message again.',
      },
    );

  async function unsubscribe(req: IncomingMessage, res: ServerResponse, token: string) {
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!TOKEN.test(token)) return badUnsubscribeLink(res);
      // Only a page: mail scanners open every link, and must not unsubscribe anyone.
      return page(
        res,
        200,
        { vi: 'Hủy đăng ký nhận thông báo', en: 'Unsubscribe from notifications' },
        {
          vi: 'Bấm nút dưới đây để ngừng nhận thông báo chính sách qua kênh này.',
          en: 'Press the button below to stop receiving policy notifications on this channel.',
        },
        { action: token, button: { vi: 'Hủy đăng ký', en: 'Unsubscribe' } },
      );
    }
    // One-click (RFC 8058): the body says List-Unsubscribe=One-Click; it is read and bounded, but
    // the signed token alone decides.
    const body = await readBody(req, res, MAX_HOOK_BODY_BYTES);
    if (body === null) return;
    if (!TOKEN.test(token)) return badUnsubscribeLink(res);
    const api = await anonymous();
    const outcome = await attempt(() =>
      api.call(api.client.unsubscribe.bind(api.client), {
        token,
        subscriberId: '',
        channel: pb.Channel.CHANNEL_UNSPECIFIED,
      }),
    );
    switch (outcome.kind) {
      case 'ok':
        return page(
          res,
          200,
          { vi: 'Đã hủy đăng ký', en: 'You are unsubscribed' },
          {
            vi: 'Bạn sẽ không nhận thông báo qua kênh này nữa. Bạn có thể đăng ký lại bất cứ lúc nào.',
            en: 'You will no longer receive notifications on this channel. You can subscribe again at any time.',
          },
        );
      case 'refused':
        return outcome.status === 400 ? badUnsubscribeLink(res) : failedPage(res);
      case 'unavailable':
        return unavailablePage(res);
      default:
        return failedPage(res);
    }
  }

  async function confirm(req: IncomingMessage, res: ServerResponse, token: string) {
    const invalid = () =>
      page(
        res,
        400,
        { vi: 'Không xác nhận được', en: 'Could not confirm' },
        {
          vi: 'Liên kết xác nhận không hợp lệ, đã hết hạn hoặc đã được dùng. Hãy đăng ký lại để nhận liên kết mới.',
          en: 'This confirmation link is not valid, has expired or was already used. Subscribe again for a new one.',
        },
      );
    if (!TOKEN.test(token)) return invalid();
    if (req.method === 'GET' || req.method === 'HEAD') {
      // Only a page: mail scanners open every link, and must not confirm for anyone.
      return page(
        res,
        200,
        { vi: 'Xác nhận đăng ký nhận thông báo', en: 'Confirm your subscription' },
        {
          vi: 'Bấm nút dưới đây để xác nhận địa chỉ này và bắt đầu nhận thông báo chính sách.',
          en: 'Press the button below to confirm this address and start receiving policy notifications.',
        },
        { action: token, button: { vi: 'Xác nhận', en: 'Confirm' } },
      );
    }
    const body = await readBody(req, res, MAX_HOOK_BODY_BYTES);
    if (body === null) return;
    const api = await anonymous();
    const outcome = await attempt(() =>
      api.call(api.client.confirmSubscription.bind(api.client), {
        token,
        subscriberId: '',
        channel: pb.Channel.CHANNEL_UNSPECIFIED,
        code: '',
      }),
    );
    switch (outcome.kind) {
      case 'ok':
        return page(
          res,
          200,
          { vi: 'Đã xác nhận đăng ký', en: 'Subscription confirmed' },
          {
            vi: 'Cảm ơn bạn. Từ nay bạn sẽ nhận thông báo chính sách qua kênh này.',
            en: 'Thank you. You will now receive policy notifications on this channel.',
          },
        );
      case 'refused':
        return outcome.status === 400 || outcome.status === 404 ? invalid() : failedPage(res);
      case 'unavailable':
        return unavailablePage(res);
      default:
        return failedPage(res);
    }
  }

  /** A JSON object from the body, or null (the request is then answered with 400 or 413). */
  async function jsonBody(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<Record<string, unknown> | null> {
    const body = await readBody(req, res, MAX_HOOK_BODY_BYTES);
    if (body === null) return null;
    try {
      const value: unknown = JSON.parse(body.toString('utf8'));
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return value as Record<string, unknown>;
    } catch {
      // answered below
    }
    problem(res, 400, 'The body must be a JSON object', 'BAD_REQUEST');
    return null;
  }

  function text(
    value: unknown,
    max: number,
    required: boolean,
  ): { ok: true; value: string } | { ok: false } {
    if (value === undefined || value === null)
      return required ? { ok: false } : { ok: true, value: '' };
    if (typeof value !== 'string' || value.length > max || (required && value === ''))
      return { ok: false };
    return { ok: true, value };
  }

  async function hook(req: IncomingMessage, res: ServerResponse, path: string) {
    if (!secretDigest) {
      req.resume();
      return problem(res, 503, 'SMS callbacks are not configured', 'SERVICE_UNAVAILABLE');
    }
    const credential = hookCredential(req);
    if (credential !== 'ok') {
      req.resume();
      return credential === 'missing'
        ? problem(res, 401, `Send the hook secret in ${HOOK_SECRET_HEADER}`, 'UNAUTHENTICATED')
        : problem(res, 403, 'Wrong hook secret', 'FORBIDDEN');
    }
    const body = await jsonBody(req, res);
    if (body === null) return;
    const api = notifications.asGateway();
    let result: unknown;
    let outcome: Outcome;
    if (path === HOOK_INBOUND) {
      const from = text(body.from, 32, true);
      const message = text(body.text, 1600, false);
      const messageId = text(body.messageId, 128, false);
      if (!from.ok || !message.ok || !messageId.ok)
        return problem(
          res,
          400,
          'Expected { from, text, messageId }: from up to 32 characters, text up to 1600, messageId up to 128',
          'BAD_REQUEST',
        );
      // A provider without message ids: the number and the text name the message instead.
      const comment = await options.inboundText?.(
        from.value,
        message.value,
        messageId.value || smsIdempotencyKey({ from: from.value, text: message.value }),
      );
      if (comment === 'unavailable')
        return problem(res, 503, 'The feedback service is unavailable', 'SERVICE_UNAVAILABLE');
      if (comment) return jsonAnswer(res, 200, comment);
      outcome = await attempt(async () => {
        result = await api.call(api.client.handleInboundSms.bind(api.client), {
          from: from.value,
          text: message.value,
          providerMessageId: messageId.value,
          channel: pb.Channel.CHANNEL_SMS,
        });
      });
    } else {
      const messageId = text(body.messageId, 128, true);
      const state = body.status;
      if (!messageId.ok || (state !== 'delivered' && state !== 'failed'))
        return problem(
          res,
          400,
          'Expected { messageId, status }: status delivered or failed',
          'BAD_REQUEST',
        );
      outcome = await attempt(async () => {
        result = await api.call(api.client.reportDeliveryStatus.bind(api.client), {
          channel: pb.Channel.CHANNEL_SMS,
          providerMessageId: messageId.value,
          status: PROVIDER_STATUS[state],
        });
      });
    }
    switch (outcome.kind) {
      case 'ok':
        return jsonAnswer(res, 200, result);
      case 'refused':
        return problem(res, outcome.status, outcome.message, 'REFUSED');
      case 'unavailable':
        return problem(res, 503, 'The notification service is unavailable', 'SERVICE_UNAVAILABLE');
      default:
        return problem(res, 500, 'Unexpected error.', 'INTERNAL_SERVER_ERROR');
    }
  }

  return {
    /**
     * A Zalo text that is not a comment (the Zalo webhook verified it): STOP words opt the Zalo
     * user out of Zalo messages, as on SMS. `undefined` when the service could not be reached.
     */
    async zaloText(
      senderId: string,
      text: string,
      messageId: string,
    ): Promise<{ action: string } | undefined> {
      const api = notifications.asGateway();
      let action = '';
      const outcome = await attempt(async () => {
        ({ action } = await api.call(api.client.handleInboundSms.bind(api.client), {
          from: senderId,
          text,
          providerMessageId: messageId,
          channel: pb.Channel.CHANNEL_ZALO,
        }));
      });
      return outcome.kind === 'ok' ? { action } : undefined;
    },

    /** Whether the path is one of these routes. */
    handles(path: string): boolean {
      return (
        UNSUBSCRIBE.test(path) ||
        CONFIRM.test(path) ||
        path === HOOK_INBOUND ||
        path === HOOK_STATUS
      );
    },

    /** A provider callback with the right secret: it is not counted against the rate limit. */
    isTrustedHook(req: IncomingMessage, path: string): boolean {
      return (path === HOOK_INBOUND || path === HOOK_STATUS) && hookCredential(req) === 'ok';
    },

    async serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
      const method = req.method ?? 'GET';
      const allow = (methods: string) => {
        req.resume();
        res.writeHead(405, { allow: methods, 'content-type': 'text/plain; charset=utf-8' });
        res.end('Method not allowed');
      };
      const unsub = UNSUBSCRIBE.exec(path);
      if (unsub) {
        if (!['GET', 'HEAD', 'POST'].includes(method)) return allow('GET, HEAD, POST');
        return unsubscribe(req, res, unsub[1] ?? '');
      }
      const conf = CONFIRM.exec(path);
      if (conf) {
        if (!['GET', 'HEAD', 'POST'].includes(method)) return allow('GET, HEAD, POST');
        return confirm(req, res, conf[1] ?? '');
      }
      if (method !== 'POST') return allow('POST');
      return hook(req, res, path);
    },
  };
}

export type NotificationRoutes = ReturnType<typeof createNotificationRoutes>;
