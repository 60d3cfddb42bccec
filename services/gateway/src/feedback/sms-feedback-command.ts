import { createHash } from 'node:crypto';
import { InvalidArgumentError, isStopText } from '@pcn/platform';
import {
  commentText,
  CONTROL,
  foldKeyword,
  INVISIBLE,
  MAX_FEEDBACK_TEXT,
} from './vietnamese-fold.js';

/**
 * The text command people send by SMS or to the Zalo Official Account to comment on a draft:
 *
 *     GY <draft code> [D<article number>] <comment>
 *
 * - The keyword is `GY` (góp ý) in any case, or `GÓP Ý` / `GOP Y` / `GOPY` written out.
 * - The draft code is the draft service's (`QD-2026-01`): letters, digits, `_ . / -`, at most 64;
 *   kept as typed (the feedback service matches it). Dashes phones autocorrect (`–`) read `-`.
 * - The article is optional: `D5`, `d5`, `Đ5`, `D.5`, `D 5`, `Dieu 5`, `Điều 5`, `DIEU5`, with a
 *   trailing `:` `.` `,` allowed; a letter suffix (`D5a`, an inserted article) is kept. Without it
 *   the comment is on the whole draft.
 * - The rest is the comment, without diacritics or with them: NFC, at most 10,000 characters.
 *
 * Text without the keyword is not a command: STOP words and anything else go to the notification
 * service exactly as before (see `classifyInboundText`).
 */

/** What a well-formed command asks for; the lead maps it to the feedback service's request. */
export interface FeedbackCommand {
  /** As typed, in NFC, with look-alike dashes read as `-`. */
  draftCode: string;
  /** As printed in the draft (`5`, `5a`), leading zeros dropped; null: the whole draft. */
  articleNumber: string | null;
  /** The comment, NFC, trimmed, invisible and control characters removed. */
  text: string;
}

export type FeedbackCommandProblem =
  | 'MISSING_DRAFT_CODE'
  | 'INVALID_DRAFT_CODE'
  | 'INVALID_ARTICLE'
  | 'MISSING_TEXT'
  | 'TEXT_TOO_LONG';

/** The syntax, as a reply shows it. */
export const FEEDBACK_COMMAND_USAGE = {
  vi: 'GY <mã dự thảo> [D<số điều>] <ý kiến>, ví dụ: GY QD-2026-01 D5 Đề nghị giảm phí',
  en: 'GY <draft code> [D<article number>] <comment>, for example: GY QD-2026-01 D5 Please lower the fee',
} as const;

/**
 * A `GY` message that cannot become a comment. `reply` is what to send back to the person, in
 * Vietnamese and English; `violations` name the part (`draftCode`, `articleNumber`, `text`).
 */
export class FeedbackCommandError extends InvalidArgumentError {
  constructor(
    readonly problem: FeedbackCommandProblem,
    field: 'draftCode' | 'articleNumber' | 'text',
    readonly reply: { vi: string; en: string },
  ) {
    super([{ field, description: reply.en }], reply.en);
  }
}

// The draft service's code pattern (services/draft/src/app/draft-input.ts, `draftCodeSchema`).
const DRAFT_CODE = /^[\p{L}\p{N}][\p{L}\p{N}_./-]{0,63}$/u;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const TRAILING_PUNCTUATION = /[:.,;]+$/;
/**
 * Brackets and quotes around a part: people copy the usage literally (`GY <QD-2026-01> [D5] ...`)
 * or quote the code they were sent.
 */
const WRAPPERS = /^[<[("'“‘«]+|[>\])"'”’»]+$/g;
const ARTICLE_ONE_TOKEN = /^(?:d|dieu)\.?(\d+)([a-z]?)$/;
const ARTICLE_WORD = /^(?:d|dieu)\.?$/;
const ARTICLE_NUMBER = /^(\d+)([a-z]?)$/;
/** Drafts hold at most 2,000 articles (the draft service's LIMITS.articles). */
const MAX_ARTICLE_DIGITS = 4;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

interface Token {
  text: string;
  /** Index just after the token in the message. */
  end: number;
}

/** The next whitespace-separated token from `from`, or null at the end. */
function tokenAt(message: string, from: number): Token | null {
  const found = /\S+/gu;
  found.lastIndex = from;
  const match = found.exec(message);
  return match ? { text: match[0], end: match.index + match[0].length } : null;
}

/** Folded, trailing punctuation removed: how keywords and article markers are compared. */
function keyword(token: Token | null): string {
  return token
    ? foldKeyword(token.text).replace(TRAILING_PUNCTUATION, '').replace(WRAPPERS, '')
    : '';
}

/** Where the command's body starts (after `GY` or `GÓP Ý`), or -1 when this is no command. */
function afterKeyword(message: string): number {
  const first = tokenAt(message, 0);
  const word = keyword(first);
  if (!first) return -1;
  if (word === 'gy' || word === 'gopy') return first.end;
  if (word === 'gop') {
    const second = tokenAt(message, first.end);
    if (keyword(second) === 'y' && second) return second.end;
  }
  return -1;
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

function articleNumberOf(digits: string, suffix: string): string | null {
  if (digits.length > MAX_ARTICLE_DIGITS || Number(digits) === 0) return null;
  return `${Number(digits)}${suffix}`;
}

/** The article marker at `from` (`D5`, `Điều 5`), or undefined when the comment starts there. */
function articleAt(
  message: string,
  from: number,
): { number: string | null; end: number } | undefined {
  const first = tokenAt(message, from);
  const word = keyword(first);
  if (!first) return undefined;
  const joined = ARTICLE_ONE_TOKEN.exec(word);
  if (joined) return { number: articleNumberOf(joined[1] ?? '', joined[2] ?? ''), end: first.end };
  if (ARTICLE_WORD.test(word)) {
    const second = tokenAt(message, first.end);
    const apart = ARTICLE_NUMBER.exec(keyword(second));
    if (apart && second)
      return { number: articleNumberOf(apart[1] ?? '', apart[2] ?? ''), end: second.end };
  }
  return undefined;
}

/**
 * The article number in a marker written alone (`D5`, `Điều 5`, `đ.12a`), as printed (`5`,
 * `12a`); undefined when the text is not one marker, or names no article (`D0`).
 */
export function articleMarker(marker: string): string | undefined {
  const found = articleAt(marker, 0);
  if (!found?.number || marker.slice(found.end).trim() !== '') return undefined;
  return found.number;
}

const INVALID_ARTICLE = {
  vi: 'Số điều không hợp lệ. Ghi D và số điều (ví dụ D5), hoặc bỏ qua để góp ý cả dự thảo.',
  en: 'The article number is not valid. Write D and the article number (for example D5), or leave it out to comment on the whole draft.',
};

/**
 * The command in `message`, which must start with the keyword; throws `FeedbackCommandError`
 * with a reply the person can act on when it is malformed.
 */
export function parseFeedbackCommand(message: string): FeedbackCommand {
  const clean = message.replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
  const start = afterKeyword(clean);
  if (start < 0)
    throw new FeedbackCommandError('MISSING_DRAFT_CODE', 'draftCode', {
      vi: `Tin nhắn góp ý phải bắt đầu bằng GY. Soạn: ${FEEDBACK_COMMAND_USAGE.vi}`,
      en: `A comment message starts with GY. Send: ${FEEDBACK_COMMAND_USAGE.en}`,
    });
  const codeToken = tokenAt(clean, start);
  if (!codeToken)
    throw new FeedbackCommandError('MISSING_DRAFT_CODE', 'draftCode', {
      vi: `Thiếu mã dự thảo. Soạn: ${FEEDBACK_COMMAND_USAGE.vi}`,
      en: `The draft code is missing. Send: ${FEEDBACK_COMMAND_USAGE.en}`,
    });
  const draftCode = codeToken.text
    .normalize('NFKC')
    .replace(DASHES, '-')
    .replace(TRAILING_PUNCTUATION, '')
    .replace(WRAPPERS, '')
    .replace(TRAILING_PUNCTUATION, '');
  if (!DRAFT_CODE.test(draftCode))
    throw new FeedbackCommandError('INVALID_DRAFT_CODE', 'draftCode', {
      vi: `Mã dự thảo "${shorten(draftCode)}" không hợp lệ: chỉ gồm chữ, số và _ . / - (tối đa 64 ký tự). Soạn: ${FEEDBACK_COMMAND_USAGE.vi}`,
      en: `The draft code "${shorten(draftCode)}" is not valid: letters, digits and _ . / - only (at most 64). Send: ${FEEDBACK_COMMAND_USAGE.en}`,
    });
  const article = articleAt(clean, codeToken.end);
  if (article && article.number === null)
    throw new FeedbackCommandError('INVALID_ARTICLE', 'articleNumber', INVALID_ARTICLE);
  const text = commentText(clean.slice(article?.end ?? codeToken.end).replace(CONTROL_ALL, ''));
  if (text === '')
    throw new FeedbackCommandError('MISSING_TEXT', 'text', {
      vi: `Thiếu nội dung góp ý. Soạn: ${FEEDBACK_COMMAND_USAGE.vi}`,
      en: `The comment is missing. Send: ${FEEDBACK_COMMAND_USAGE.en}`,
    });
  if (text.length > MAX_FEEDBACK_TEXT)
    throw new FeedbackCommandError('TEXT_TOO_LONG', 'text', {
      vi: `Ý kiến dài ${text.length} ký tự, tối đa ${MAX_FEEDBACK_TEXT} ký tự. Hãy rút gọn hoặc gửi thành nhiều tin.`,
      en: `The comment has ${text.length} characters; at most ${MAX_FEEDBACK_TEXT} are accepted. Shorten it or send it in several messages.`,
    });
  return { draftCode, articleNumber: article?.number ?? null, text };
}

/** What an inbound SMS or Zalo text is for. */
export type InboundText =
  /** A well-formed `GY` command: a comment for the feedback service. */
  | { kind: 'feedback'; command: FeedbackCommand }
  /** A `GY` message that cannot be taken: reply with `error.reply`, write nothing. */
  | { kind: 'invalid_feedback'; error: FeedbackCommandError }
  /** A STOP word: the notification service opts the number out, as today. */
  | { kind: 'stop' }
  /** Anything else: the notification service receives it as today (and ignores it). */
  | { kind: 'other' };

/**
 * Sorts an inbound text. A message is a command only when its first word is the keyword, so a
 * STOP or an ordinary reply never becomes a comment; `stop` and `other` both keep going to the
 * notification service's `HandleInboundSms`, which stays the one that decides on STOP.
 */
export function classifyInboundText(message: string): InboundText {
  if (afterKeyword(message.replace(INVISIBLE, '')) >= 0) {
    try {
      return { kind: 'feedback', command: parseFeedbackCommand(message) };
    } catch (err) {
      if (err instanceof FeedbackCommandError) return { kind: 'invalid_feedback', error: err };
      throw err;
    }
  }
  return isStopText(message) ? { kind: 'stop' } : { kind: 'other' };
}

/**
 * The idempotency key of a comment that came by SMS: `sms:<provider message id>`, so that a
 * provider resending its inbound messages gives the same comments. Without an id (the inbound
 * hook makes it optional) a resend cannot be told from the same text sent again, so the key is
 * derived from the number and the text: `sms-text:<sha256>`, and the same text from the same
 * number counts once. The number only enters the hash, never the key in clear.
 */
export function smsIdempotencyKey(inbound: {
  from: string;
  text: string;
  messageId?: string | undefined;
}): string {
  if (inbound.messageId) return `sms:${inbound.messageId}`;
  const digest = createHash('sha256')
    .update(`${inbound.from.replace(/\D/g, '')}\n${inbound.text.normalize('NFC')}`)
    .digest('hex');
  return `sms-text:${digest.slice(0, 40)}`;
}
