import type { IncomingMessage, ServerResponse } from 'node:http';
import { status as grpcStatus } from '@grpc/grpc-js';
import { feedback as pb } from '@pcn/contracts';
import { DomainError, InvalidArgumentError, type CallerIdentity, type Logger } from '@pcn/platform';
import { classifyInboundText, type FeedbackCommand } from '../feedback/sms-feedback-command.js';
import {
  MAX_PAPER_FORM_BYTES,
  parsePaperFormCsv,
  PaperFormFileError,
  type PaperFormRow,
} from '../feedback/paper-form-csv.js';
import {
  createZaloWebhookVerifier,
  ZALO_SIGNATURE_HEADER,
  ZaloWebhookError,
  type ZaloWebhookOptions,
} from '../feedback/zalo-webhook.js';
import { isServiceError } from '../graphql/errors.js';
import type { FeedbackClient } from '../infra/feedback-client.js';
import { json, problem } from './http-responses.js';

/**
 * Comments that do not come through GraphQL:
 * - `GY <code> [D<n>] <text>` by SMS (`/hooks/sms/inbound`, which the notification routes own and
 *   hand over through `inboundText`) and by Zalo (`POST /hooks/zalo/inbound`, Zalo's signature);
 * - paper forms as CSV (`POST /imports/feedback`, `text/csv`, signed in), dry run first.
 * Texts, numbers and Zalo ids never reach the log.
 */

export const ZALO_INBOUND = '/hooks/zalo/inbound';
export const PAPER_FORM_IMPORT = '/imports/feedback';
/** `GET /reports/<draftId>/synthesis.docx` and `.csv`: the synthesis report's exports. */
const SYNTHESIS_EXPORT = /^\/reports\/([^/]{1,128})\/synthesis\.(docx|csv)$/;
/** The largest body each of these routes reads; anything else keeps the gateway's limit. */
export const FEEDBACK_ROUTE_BODY_LIMITS: Readonly<Record<string, number>> = {
  [PAPER_FORM_IMPORT]: MAX_PAPER_FORM_BYTES,
};

/** What the SMS provider may send back to the person (the receipt itself comes as its own SMS). */
export interface InboundReply {
  accepted: boolean;
  feedbackId?: string;
  receiptCode?: string;
  /** Why not, in both languages, for the provider's reply. */
  reply?: { vi: string; en: string };
  reason?: string;
}

export interface FeedbackRoutesOptions {
  feedback: FeedbackClient;
  logger: Logger;
  /**
   * A Zalo text that is not a comment goes to the notification service (STOP words); undefined
   * when it could not be reached (Zalo then sends the event again).
   */
  zaloText?: (
    senderId: string,
    text: string,
    messageId: string,
  ) => Promise<{ action: string } | undefined>;
  /** Unset: the Zalo webhook answers 503. */
  zalo?: Omit<ZaloWebhookOptions, 'clock'> | undefined;
}

const HTTP_FOR: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  FAILED_PRECONDITION: 409,
  RESOURCE_EXHAUSTED: 429,
};

/** A comment from a `GY` command, as the gateway service relays it for the sender. */
function commandInput(
  command: FeedbackCommand,
  channel: pb.Channel,
  contact: pb.Contact,
  messageId: string,
): pb.FeedbackInput {
  return pb.FeedbackInput.fromPartial({
    draftCode: command.draftCode,
    articleNumber: command.articleNumber ?? '',
    // A text message says what it says; "góp ý" is a suggestion unless people say otherwise.
    stance: pb.Stance.STANCE_SUGGEST_CHANGE,
    text: command.text,
    language: 'vi',
    channel,
    submitter: { kind: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN, contact },
    channelMessageId: messageId,
  });
}

/** The consent printed on the published paper form (its version, as the README shows it). */
const PAPER_FORM_CONSENT = 'paper-form-2026';

/**
 * A form's date as an instant: it was received some time that day (Vietnam's), so the latest
 * moment of it that is not in the future. A form dated the day a consultation opened is then
 * within it, whatever the hour it opened.
 */
function receivedAtOf(day: string, now: Date): Date {
  const endOfDay = new Date(`${day}T23:59:59.999+07:00`);
  return endOfDay < now ? endOfDay : now;
}

/** A paper form's row as an import item. */
function rowInput(row: PaperFormRow, now: Date): pb.FeedbackInput {
  return pb.FeedbackInput.fromPartial({
    draftCode: row.draftCode,
    articleNumber: row.articleNumber ?? '',
    clauseId: '',
    stance: STANCES[row.stance],
    text: row.text,
    language: row.language,
    channel: pb.Channel.CHANNEL_PAPER,
    submitter: {
      kind: SUBMITTER_KINDS[row.submitterKind],
      name: row.submitterName ?? '',
      contact: row.contact
        ? {
            channel:
              row.contact.kind === 'phone'
                ? pb.ContactChannel.CONTACT_CHANNEL_SMS
                : pb.ContactChannel.CONTACT_CHANNEL_EMAIL,
            address: row.contact.value,
          }
        : undefined,
      onBehalfConsent: {
        given: true,
        method: pb.ConsentMethod.CONSENT_METHOD_PAPER_FORM,
        textVersion: PAPER_FORM_CONSENT,
      },
    },
    unitId: row.unitId ?? '',
    demographics: row.demographics
      ? {
          ethnicGroup: row.demographics.ethnicGroup ?? '',
          gender: row.demographics.gender
            ? GENDERS[row.demographics.gender]
            : pb.Gender.GENDER_UNSPECIFIED,
          ageBand: row.demographics.ageBand
            ? AGE_BANDS[row.demographics.ageBand]
            : pb.AgeBand.AGE_BAND_UNSPECIFIED,
          consent: {
            given: true,
            method: pb.ConsentMethod.CONSENT_METHOD_PAPER_FORM,
            textVersion: PAPER_FORM_CONSENT,
          },
        }
      : undefined,
    idempotencyKey: row.idempotencyKey,
    receivedAt: receivedAtOf(row.receivedOn, now),
  });
}

const STANCES = {
  support: pb.Stance.STANCE_SUPPORT,
  oppose: pb.Stance.STANCE_OPPOSE,
  suggest_change: pb.Stance.STANCE_SUGGEST_CHANGE,
  question: pb.Stance.STANCE_QUESTION,
} as const;
const SUBMITTER_KINDS = {
  citizen: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN,
  organization: pb.SubmitterKind.SUBMITTER_KIND_ORGANIZATION,
  agency: pb.SubmitterKind.SUBMITTER_KIND_AGENCY,
  press: pb.SubmitterKind.SUBMITTER_KIND_PRESS,
} as const;
const GENDERS = {
  female: pb.Gender.GENDER_FEMALE,
  male: pb.Gender.GENDER_MALE,
  other: pb.Gender.GENDER_OTHER,
} as const;
const AGE_BANDS = {
  under_18: pb.AgeBand.AGE_BAND_UNDER_18,
  '18_29': pb.AgeBand.AGE_BAND_18_TO_29,
  '30_44': pb.AgeBand.AGE_BAND_30_TO_44,
  '45_59': pb.AgeBand.AGE_BAND_45_TO_59,
  '60_plus': pb.AgeBand.AGE_BAND_60_AND_OVER,
} as const;

/** A refusal from the feedback service, as a reply a person can act on. */
function refusalReply(err: DomainError): InboundReply {
  return {
    accepted: false,
    reason: err.reason,
    reply: {
      vi: `Chưa nhận được ý kiến: ${err.message}`,
      en: `Your comment was not taken: ${err.message}`,
    },
  };
}

function readAll(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function createFeedbackRoutes(options: FeedbackRoutesOptions) {
  const { feedback, logger } = options;
  const zalo = options.zalo ? createZaloWebhookVerifier(options.zalo) : undefined;

  /** Runs a call, mapping what the service refuses; anything else is logged by name only. */
  async function relay<T>(
    work: () => Promise<T>,
  ): Promise<{ ok: T } | { refused: DomainError } | { unavailable: true } | { tooLarge: true }> {
    try {
      return { ok: await work() };
    } catch (err) {
      if (err instanceof DomainError) return { refused: err };
      // The transport's own limit (the call is larger than GRPC_MAX_MESSAGE_BYTES), not a refusal.
      if (isServiceError(err) && err.code === grpcStatus.RESOURCE_EXHAUSTED)
        return { tooLarge: true };
      if (
        isServiceError(err) &&
        (err.code === grpcStatus.UNAVAILABLE || err.code === grpcStatus.DEADLINE_EXCEEDED)
      )
        return { unavailable: true };
      logger.error({ error: err instanceof Error ? err.name : 'unknown' }, 'feedback route failed');
      throw err;
    }
  }

  /** A `GY` text from SMS or Zalo: the comment, or the reply that says why not. */
  async function submitCommand(
    command: FeedbackCommand,
    channel: pb.Channel,
    contact: pb.Contact,
    messageId: string,
  ): Promise<InboundReply | 'unavailable'> {
    const api = feedback.asGateway();
    const result = await relay(() =>
      api.call(api.client.submitFeedback.bind(api.client), {
        feedback: commandInput(command, channel, contact, messageId),
      }),
    );
    if ('unavailable' in result || 'tooLarge' in result) return 'unavailable';
    if ('refused' in result) return refusalReply(result.refused);
    return { accepted: true, feedbackId: result.ok.feedbackId, receiptCode: result.ok.receiptCode };
  }

  async function zaloInbound(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!zalo) {
      req.resume();
      return json(res, 503, problem('The Zalo webhook is not configured', 'SERVICE_UNAVAILABLE'));
    }
    const body = await readAll(req, options.zalo?.maxBodyBytes ?? 16 * 1024);
    if (!body)
      return json(
        res,
        413,
        problem('The event is larger than a Zalo text event', 'PAYLOAD_TOO_LARGE'),
      );
    let verified;
    try {
      verified = zalo.verify(body, req.headers[ZALO_SIGNATURE_HEADER]);
    } catch (err) {
      if (err instanceof ZaloWebhookError)
        return json(res, err.httpStatus, problem(err.message, err.problem));
      throw err;
    }
    if (verified.kind !== 'text')
      return json(res, 200, { accepted: false, ignored: verified.eventName });
    const sorted = classifyInboundText(verified.message.text);
    // Only comments are for PCN on Zalo; anything else is acknowledged and left.
    if (sorted.kind === 'invalid_feedback')
      return json(res, 200, {
        accepted: false,
        reason: sorted.error.problem,
        reply: sorted.error.reply,
      });
    if (sorted.kind !== 'feedback') {
      const other = await options.zaloText?.(
        verified.message.senderId,
        verified.message.text,
        verified.message.messageId,
      );
      if (options.zaloText && !other)
        return json(
          res,
          503,
          problem('The notification service is unavailable', 'SERVICE_UNAVAILABLE'),
        );
      if (other?.action === 'stop') return json(res, 200, { accepted: false, action: 'stop' });
      return json(res, 200, { accepted: false, ignored: 'not a comment' });
    }
    const answer = await submitCommand(
      sorted.command,
      pb.Channel.CHANNEL_ZALO,
      { channel: pb.ContactChannel.CONTACT_CHANNEL_ZALO, address: verified.message.senderId },
      verified.message.messageId,
    );
    // 503 lets Zalo send the event again; a refused comment is answered, not retried.
    if (answer === 'unavailable')
      return json(res, 503, problem('The feedback service is unavailable', 'SERVICE_UNAVAILABLE'));
    return json(res, 200, answer);
  }

  async function paperForms(
    req: IncomingMessage,
    res: ServerResponse,
    caller: CallerIdentity,
  ): Promise<void> {
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'text/csv') {
      req.resume();
      return json(
        res,
        415,
        problem('Send the forms as Content-Type: text/csv (UTF-8)', 'UNSUPPORTED_MEDIA_TYPE'),
      );
    }
    if (caller.kind === 'anonymous') {
      req.resume();
      return json(res, 401, problem('Sign in to import paper forms', 'UNAUTHENTICATED'));
    }
    const query = new URL(req.url ?? '/', 'http://gateway').searchParams;
    const dryRun = query.get('dryRun') === 'true';
    const body = await readAll(req, MAX_PAPER_FORM_BYTES);
    if (!body)
      return json(
        res,
        413,
        problem(`The file is larger than ${MAX_PAPER_FORM_BYTES} bytes`, 'PAYLOAD_TOO_LARGE'),
      );
    let parsed;
    try {
      parsed = parsePaperFormCsv(body);
    } catch (err) {
      if (err instanceof PaperFormFileError)
        return json(res, 400, {
          ...problem(err.message, err.problem),
          encoding: err.encoding ?? null,
          problems: err.violations.map((v) => ({ field: v.field, message: v.description })),
        });
      throw err;
    }
    const codes = new Set(parsed.rows.map((r) => r.draftCode.toUpperCase()));
    if (codes.size > 1)
      return json(
        res,
        400,
        problem('One file holds the forms of one draft: split it by draft code', 'MIXED_DRAFTS'),
      );
    const rowProblems = parsed.problems.map((p) => ({
      field: p.field,
      line: p.line,
      message: p.description,
    }));
    if (parsed.rows.length === 0)
      return json(res, 400, {
        ...problem('No row of the file can be imported', 'NO_GOOD_ROWS'),
        problems: rowProblems,
      });
    const api = feedback.forRequest(caller);
    const draftCode = parsed.rows[0]?.draftCode ?? '';
    const result = await relay(() =>
      api.call(api.client.importFeedback.bind(api.client), {
        draftId: '',
        draftCode,
        items: parsed.rows.map((row) => rowInput(row, new Date())),
        dryRun,
      }),
    );
    if ('unavailable' in result)
      return json(res, 503, problem('The feedback service is unavailable', 'SERVICE_UNAVAILABLE'));
    if ('tooLarge' in result)
      return json(
        res,
        413,
        problem(
          'The forms are too large to send to the feedback service in one call: split the file, or raise GRPC_MAX_MESSAGE_BYTES (default 4 MiB) on both the gateway and the feedback service',
          'PAYLOAD_TOO_LARGE',
        ),
      );
    if ('refused' in result) {
      const err = result.refused;
      return json(res, HTTP_FOR[err.code] ?? 400, {
        ...problem(err.message, err.reason),
        problems:
          err instanceof InvalidArgumentError
            ? err.violations.map((v) => ({ field: v.field, message: v.description }))
            : [],
      });
    }
    const r = result.ok;
    // Service items are the good rows, in order: their results name the file's rows.
    const rowOf = (index: number) => parsed.rows[index]?.index ?? index;
    return json(res, 200, {
      dryRun: r.dryRun,
      rows: parsed.rowCount,
      accepted: r.accepted,
      alreadyKnown: r.alreadyKnown,
      rejected: r.rejected + parsed.problems.length,
      results: r.results.map((item) => ({
        row: rowOf(item.index),
        outcome:
          item.outcome === pb.ImportOutcome.IMPORT_OUTCOME_ACCEPTED
            ? 'accepted'
            : item.outcome === pb.ImportOutcome.IMPORT_OUTCOME_ALREADY_KNOWN
              ? 'already_known'
              : 'rejected',
        feedbackId: item.feedbackId || null,
        receiptCode: item.receiptCode || null,
        problems: item.violations.map((v) => ({
          field: v.field.replace(/^items\[\d+\]/, `rows[${rowOf(item.index)}]`),
          message: v.description,
        })),
        rule: item.reason || null,
      })),
      problems: rowProblems,
    });
  }

  /**
   * The synthesis report as a file: the live or final agency view for the draft's agency editors
   * and network admins, the published report for anyone (the feedback service decides which).
   */
  async function synthesisExport(
    res: ServerResponse,
    caller: CallerIdentity,
    draftId: string,
    format: 'docx' | 'csv',
  ): Promise<void> {
    const api = feedback.forRequest(caller);
    const result = await relay(() =>
      api.call(api.client.exportSynthesis.bind(api.client), {
        draftId,
        format:
          format === 'docx'
            ? pb.SynthesisFormat.SYNTHESIS_FORMAT_DOCX
            : pb.SynthesisFormat.SYNTHESIS_FORMAT_CSV,
      }),
    );
    if ('unavailable' in result)
      return json(res, 503, problem('The feedback service is unavailable', 'SERVICE_UNAVAILABLE'));
    if ('tooLarge' in result)
      return json(
        res,
        409,
        problem(
          'The report is larger than one gRPC message: raise GRPC_MAX_MESSAGE_BYTES on both the gateway and the feedback service',
          'EXPORT_TOO_LARGE',
        ),
      );
    if ('refused' in result) {
      const err = result.refused;
      return json(res, HTTP_FOR[err.code] ?? 400, problem(err.message, err.reason));
    }
    const file = result.ok;
    const ascii = file.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': file.content.length,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      // A live report changes with every comment; a published one is public but still re-checked.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(file.content);
  }

  return {
    handles: (path: string) =>
      path === ZALO_INBOUND || path === PAPER_FORM_IMPORT || SYNTHESIS_EXPORT.test(path),

    /**
     * An inbound SMS's text: a `GY` command becomes a comment (or a reply saying why not);
     * anything else is not for feedback (undefined) and goes on to the notification service.
     */
    async inboundText(
      from: string,
      text: string,
      messageId: string,
    ): Promise<InboundReply | 'unavailable' | undefined> {
      const sorted = classifyInboundText(text);
      if (sorted.kind === 'invalid_feedback')
        return { accepted: false, reason: sorted.error.problem, reply: sorted.error.reply };
      if (sorted.kind !== 'feedback') return undefined;
      return submitCommand(
        sorted.command,
        pb.Channel.CHANNEL_SMS,
        { channel: pb.ContactChannel.CONTACT_CHANNEL_SMS, address: from },
        messageId,
      );
    },

    async serve(
      req: IncomingMessage,
      res: ServerResponse,
      path: string,
      caller: CallerIdentity,
    ): Promise<void> {
      const report = SYNTHESIS_EXPORT.exec(path);
      if (report) {
        req.resume();
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' });
          return void res.end('Method not allowed');
        }
        return synthesisExport(
          res,
          caller,
          decodeURIComponent(report[1] ?? ''),
          report[2] === 'docx' ? 'docx' : 'csv',
        );
      }
      if (req.method !== 'POST') {
        req.resume();
        res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' });
        return void res.end('Method not allowed');
      }
      if (path === ZALO_INBOUND) return zaloInbound(req, res);
      return paperForms(req, res, caller);
    },
  };
}

export type FeedbackRoutes = ReturnType<typeof createFeedbackRoutes>;
