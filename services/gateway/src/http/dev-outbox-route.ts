import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, type Logger } from '@pcn/platform';
import { z } from 'zod';

export const DEV_OUTBOX_ROUTE = '/dev/outbox';

/** What the local message catcher lists (services/notification/src/testing/dev-catcher.ts). */
const caughtList = z.object({
  messages: z
    .array(
      z.object({
        seq: z.number(),
        at: z.string(),
        channel: z.string(),
        to: z.string(),
        language: z.string().nullable(),
        subject: z.string(),
        text: z.string(),
      }),
    )
    .max(10_000),
});
type Caught = z.infer<typeof caughtList>['messages'][number];

export interface DevOutboxOptions {
  /** The catcher's listing, e.g. `http://127.0.0.1:4025/outbox`. */
  outboxUrl: string;
  logger: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function row(m: Caught): string {
  const cell = (text: string) => `<td>${escapeHtml(text)}</td>`;
  return (
    `<tr>${cell(m.at)}${cell(m.channel)}${cell(m.to)}${cell(m.language ?? '—')}` +
    `<td>${m.subject ? `<b>${escapeHtml(m.subject)}</b><br>` : ''}<pre>${escapeHtml(m.text)}</pre></td></tr>`
  );
}

function page(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No script, style or frame from anywhere: the page is text and one inline style.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PCN dev outbox</title>' +
      '<style>body{font-family:sans-serif}td{vertical-align:top;border-top:1px solid #ccc;padding:4px}pre{white-space:pre-wrap;margin:0}</style>' +
      `</head><body><h1>Dev outbox</h1>${body}</body></html>`,
  );
}

/**
 * `GET /dev/outbox` (development only, in the manner of Decidim's letter opener): every email,
 * SMS and Zalo message the local catchers took, newest first, with channel, recipient, language
 * and text. The composition root mounts it only when DEV_OUTBOX_URL is set, which production
 * refuses.
 */
export function createDevOutboxRoute(options: DevOutboxOptions) {
  const timeoutMs = options.timeoutMs ?? 3000;
  const fetchFn = options.fetch ?? fetch;
  return {
    handles: (path: string) => path === DEV_OUTBOX_ROUTE,
    async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
      req.resume();
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' });
        return void res.end();
      }
      let list: z.infer<typeof caughtList>;
      try {
        const answer = await fetchFn(options.outboxUrl, {
          signal: AbortSignal.timeout(timeoutMs),
        });
        const parsed = caughtList.safeParse(answer.ok ? await answer.json() : undefined);
        if (!parsed.success) throw new Error('unreadable listing');
        list = parsed.data;
      } catch (err) {
        options.logger.warn(
          { error: err instanceof Error ? err.message : 'unknown' },
          'dev outbox: the message catcher did not answer',
        );
        return page(
          res,
          503,
          `<p>The message catcher at ${escapeHtml(options.outboxUrl)} did not answer. Is <code>npm start</code> running?</p>`,
        );
      }
      const messages = list.messages.slice().sort((a, b) => b.seq - a.seq);
      page(
        res,
        200,
        messages.length === 0
          ? '<p>No message caught yet.</p>'
          : `<p>${messages.length} message(s), newest first.</p><table><thead><tr><th>at</th><th>channel</th><th>to</th><th>language</th><th>text</th></tr></thead><tbody>${messages.map(row).join('')}</tbody></table>`,
      );
    },
  };
}
