import type { IncomingMessage, ServerResponse } from 'node:http';
import { type draft as pb } from '@pcn/contracts';
import { escapeHtml, type Logger } from '@pcn/platform';
import { chaptersIn, statusName, text, view } from '../graphql/draft-view.js';
import { requestedLanguages } from '../graphql/language.js';
import { ANONYMOUS_CALLER } from '../identity/identity.contract.js';
import type { DraftClient } from '../infra/draft-client.js';

/** `/drafts/<id>`: the page messages link to when no portal URL template is configured. */
const DRAFT_PAGE = /^\/drafts\/([^/]*)$/;
const DRAFT_ID = /^[A-Za-z0-9_-]{1,128}$/;

function page(res: ServerResponse, status: number, lang: string, title: string, body: string) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    // The public's view only; a short cache keeps a burst of readers of one message cheap.
    'cache-control': status === 200 ? 'public, max-age=60' : 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">` +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      `<title>${escapeHtml(title)}</title>` +
      '<style>body{font-family:sans-serif;max-width:46rem;margin:1rem auto;padding:0 1rem;line-height:1.5}</style>' +
      `</head><body>${body}</body></html>`,
  );
}

const date = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : '');

/** The draft as the public reads it: code, title, status, consultation window and full text. */
function draftHtml(draft: pb.Draft, lang: string): string {
  const c = draft.consultation;
  const window =
    c?.opensAt && c.closesAt
      ? `<p>Lấy ý kiến / Consultation: ${escapeHtml(date(c.opensAt))} – ${escapeHtml(date(c.closesAt))}</p>`
      : '';
  const summary = text(draft.content?.summary, lang);
  const chapters = chaptersIn(draft.content, lang)
    .map(
      (ch) =>
        `<h2>${escapeHtml(`${ch.number}. ${ch.title}`)}</h2>` +
        ch.articles
          .map(
            (a) =>
              `<h3>${escapeHtml(`${a.number}. ${a.title}`)}</h3>` +
              a.clauses.map((cl) => `<p>${escapeHtml(`${cl.number}. ${cl.text}`)}</p>`).join(''),
          )
          .join(''),
    )
    .join('');
  return (
    `<p>${escapeHtml(draft.code)} · ${escapeHtml(statusName(draft.status))}</p>` +
    `<h1>${escapeHtml(text(draft.content?.title, lang))}</h1>${window}` +
    (summary ? `<p><i>${escapeHtml(summary)}</i></p>` : '') +
    chapters
  );
}

/**
 * `GET /drafts/<id>`: a plain page with a draft's public text, so that a link in a message leads
 * somewhere when the province has no portal configured (PORTAL_DRAFT_URL_TEMPLATE on the
 * notification service). It reads as the anonymous public: what the public may not see is 404.
 */
export function createDraftPageRoute(options: { drafts: DraftClient; logger: Logger }) {
  return {
    handles: (path: string) => DRAFT_PAGE.test(path),
    async serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
      req.resume();
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' });
        return void res.end();
      }
      const url = new URL(req.url ?? '/', 'http://gateway.local');
      const requested = requestedLanguages(
        url.searchParams.get('lang'),
        typeof req.headers['accept-language'] === 'string' ? req.headers['accept-language'] : null,
      );
      const notFound = () =>
        page(
          res,
          404,
          'vi',
          'Không tìm thấy / Not found',
          '<h1>Không tìm thấy dự thảo</h1><p lang="en">No such draft is published.</p>',
        );
      let id: string;
      try {
        id = decodeURIComponent(DRAFT_PAGE.exec(path)?.[1] ?? '');
      } catch {
        return notFound();
      }
      if (!DRAFT_ID.test(id)) return notFound();
      let draft: pb.Draft | null;
      try {
        draft = await options.drafts.forRequest(ANONYMOUS_CALLER).drafts.load(id);
      } catch (err) {
        options.logger.warn(
          { error: err instanceof Error ? err.name : 'unknown' },
          'draft page: the draft service did not answer',
        );
        return page(
          res,
          503,
          'vi',
          'Tạm thời không truy cập được / Unavailable',
          '<h1>Tạm thời không truy cập được</h1><p lang="en">Please try again in a moment.</p>',
        );
      }
      if (!draft) return notFound();
      const { language } = view(draft, requested);
      page(res, 200, language, text(draft.content?.title, language), draftHtml(draft, language));
    },
  };
}
