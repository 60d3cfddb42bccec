import type { EventEnvelope } from '@pcn/events';
import { isEventType } from '@pcn/events';
import type { Store } from '@pcn/storage';
import { draftLink } from '../app/draft-link.js';
import { signLinkToken } from '../app/link-tokens.js';
import { derivedVerificationCode } from '../app/verification.js';
import type { Channel, Template } from '../app/notification.model.js';
import {
  FALLBACK_LANGUAGE,
  languageFallbacks,
  localize,
} from '../app/templates/language-fallback.js';
import { pickMessageTemplate } from '../app/templates/message-language.js';
import { renderTemplate, templateId } from '../app/templates/template-render.js';
import { escapeHtml } from '@pcn/platform';
import { compileTemplate, type CompiledTemplate } from '../app/templates/template-syntax.js';
import { buildVariables, localizedTexts } from '../app/templates/template-variables.js';
import { fitSms } from '../app/reply-text.js';
import type { ReplyTo } from '../app/reply-plan.js';
import { ComposeError, type MessageComposer, type ReplyComposer } from './delivery-worker.js';
import { templatesCollection } from './notification.collections.js';

/**
 * Every template in memory, compiled once. Templates are few (event types × channels × languages),
 * so the whole set is reloaded after a change here, and at least every `ttlMs` to see changes made
 * through another replica.
 */
export class TemplateCache {
  #templates = new Map<string, Template>();
  #compiled = new Map<string, CompiledTemplate>();
  #loadedAt = 0;
  #loading: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 30_000,
  ) {}

  invalidate(): void {
    this.#loadedAt = 0;
  }

  async all(): Promise<ReadonlyMap<string, Template>> {
    if (Date.now() - this.#loadedAt > this.ttlMs) {
      this.#loading ??= this.#load().finally(() => (this.#loading = undefined));
      await this.#loading;
    }
    return this.#templates;
  }

  compiled(template: Template): CompiledTemplate {
    let compiled = this.#compiled.get(template.id);
    if (!compiled) {
      compiled = compileTemplate(template);
      this.#compiled.set(template.id, compiled);
    }
    return compiled;
  }

  async #load(): Promise<void> {
    const coll = this.store.collection<Template>(templatesCollection);
    const next = new Map<string, Template>();
    let after: string | null = null;
    do {
      const page = await coll.find({ limit: 1000, after });
      for (const t of page.items) {
        const { version: _v, ...template } = t;
        next.set(templateId(template.eventType, template.channel, template.language), template);
      }
      after = page.nextCursor;
    } while (after);
    this.#templates = next;
    this.#compiled = new Map();
    this.#loadedAt = Date.now();
  }
}

export interface ComposerOptions {
  templates: TemplateCache;
  /** The gateway's public address, for links. */
  publicBaseUrl: string;
  /** The portal's draft page (`{draftId}`, `{code}`); unset, the gateway's `/drafts/<id>`. */
  portalDraftUrlTemplate?: string | undefined;
  linkSecret: string;
  smtpFrom?: string;
}

interface Rendered {
  subject: string;
  text: string;
  html?: string;
  language: string;
  /** Whether it holds the unsubscribe placeholder, to swap for each recipient's link. */
  hasLink: boolean;
}

/** Stands for the recipient's unsubscribe link in a shared rendering; a URL, so HTML links it. */
const UNSUBSCRIBE_PLACEHOLDER = 'https://unsubscribe.placeholder.invalid/pcn-recipient-link';

const VERIFY_TEXT: Readonly<Record<string, { subject: string; code: string; link: string }>> = {
  vi: {
    subject: 'Xác nhận đăng ký nhận thông báo PCN',
    code: 'Mã xác nhận PCN của bạn: {code}. Mã có hiệu lực trong thời gian ngắn; không chia sẻ mã này.',
    link: 'Hoặc mở liên kết sau để xác nhận: {link}',
  },
  hmn: {
    subject: 'Lees paub koj qhov kev sau npe PCN',
    code: 'Koj tus lej lees paub PCN: {code}. Tsis txhob qhia tus lej no rau lwm tus.',
    link: 'Los yog qhib qhov txuas no: {link}',
  },
  en: {
    subject: 'Confirm your PCN notification subscription',
    code: 'Your PCN confirmation code: {code}. It expires soon; do not share it.',
    link: 'Or open this link to confirm: {link}',
  },
};

const DIGEST_TEXT: Readonly<Record<string, { subject: string; intro: string }>> = {
  vi: { subject: 'Bản tin chính sách hằng ngày', intro: 'Các thông báo mới trong ngày:' },
  hmn: { subject: 'Xov xwm txoj cai txhua hnub', intro: 'Cov lus ceeb toom tshiab hnub no:' },
  en: { subject: 'Daily policy digest', intro: "Today's notices:" },
};

/** The first language of the recipient's fallback chain the table has, with its text. */
function pick<T>(table: Readonly<Record<string, T>>, language: string): [string, T] {
  for (const candidate of languageFallbacks(language))
    if (Object.hasOwn(table, candidate)) return [candidate, table[candidate] as T];
  return ['vi', table.vi as T];
}

/** Messages from templates, verification texts and digests, with links signed for the recipient. */
export function createMessageComposer(options: ComposerOptions): MessageComposer & ReplyComposer {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const unsubscribeUrl = (subscriberId: string, channel: Channel): string =>
    `${base}/unsubscribe/${signLinkToken(options.linkSecret, { purpose: 'unsubscribe', subscriberId, channel })}`;

  // One rendering per event, channel and language serves every recipient alike: only the
  // unsubscribe link differs, so it is rendered as a placeholder and swapped in per recipient.
  const rendered = new Map<string, Promise<Rendered>>();
  async function renderShared(
    event: EventEnvelope,
    channel: Channel,
    language: string,
    candidates: readonly string[] = languageFallbacks(language),
  ) {
    const key = `${event.id}|${channel}|${language}|${candidates.join(',')}`;
    let hit = rendered.get(key);
    if (!hit) {
      if (rendered.size >= 512) rendered.clear();
      hit = render(event, channel, language, candidates, UNSUBSCRIBE_PLACEHOLDER);
      // A failure is not cached: the next delivery tries again (a template may have been added).
      hit.catch(() => rendered.delete(key));
      rendered.set(key, hit);
    }
    return hit;
  }
  function personalise(r: Rendered, unsubscribe: () => string): Rendered {
    if (!r.hasLink) return r;
    const url = unsubscribe();
    const swap = (text: string, value: string) => text.split(UNSUBSCRIBE_PLACEHOLDER).join(value);
    return {
      ...r,
      subject: swap(r.subject, url),
      text: swap(r.text, url),
      html: r.html === undefined ? undefined : swap(r.html, escapeHtml(url)),
    };
  }

  /** One message in one language: the template's, which its inserted texts share. */
  async function render(
    event: EventEnvelope,
    channel: Channel,
    language: string,
    candidates: readonly string[],
    unsubscribe: string,
  ): Promise<Rendered> {
    if (!isEventType(event.type)) throw new ComposeError('unknown event type');
    const picked = pickMessageTemplate(
      await options.templates.all(),
      (t) => options.templates.compiled(t),
      event.type,
      channel,
      language,
      localizedTexts(event.type, event.data),
      candidates,
    );
    if (!picked) throw new ComposeError(`no template for ${event.type} on ${channel}`);
    const { draftId, code } = event.data as { draftId?: unknown; code?: unknown };
    const variables = buildVariables(event.type, event.data, {
      language: picked.language,
      recipientLanguage: language,
      draftUrl:
        typeof draftId === 'string'
          ? draftLink(options.portalDraftUrlTemplate, base, {
              id: draftId,
              code: typeof code === 'string' ? code : null,
            })
          : null,
      unsubscribeUrl: unsubscribe,
    });
    const rendered = renderTemplate(
      options.templates.compiled(picked.template),
      variables,
      channel,
    );
    const hasLink = `${rendered.subject}${rendered.text}${rendered.html ?? ''}`.includes(
      UNSUBSCRIBE_PLACEHOLDER,
    );
    return { ...rendered, language: picked.language, hasLink };
  }

  return {
    async composeReply({ delivery, reply, contact, draft }) {
      const { event } = reply;
      if (!isEventType(event.type)) throw new ComposeError('unknown event type');
      const channel = delivery.channel;
      const data = event.data as {
        draftId: string;
        language: string;
        reason?: string;
        replyTo: ReplyTo | null;
      };
      const language = data.language;
      const title = draft?.title;
      // One language for the whole message: the template's, in which the draft's title exists too.
      const picked = pickMessageTemplate(
        await options.templates.all(),
        (t) => options.templates.compiled(t),
        event.type,
        channel,
        language,
        localizedTexts(event.type, event.data, { title }),
      );
      if (!picked) throw new ComposeError(`no template for ${event.type} on ${channel}`);
      const compiled = options.templates.compiled(picked.template);
      const variables = (reason?: string) =>
        buildVariables(event.type, reason === undefined ? event.data : { ...event.data, reason }, {
          language: picked.language,
          recipientLanguage: language,
          draftUrl: draftLink(options.portalDraftUrlTemplate, base, {
            id: data.draftId,
            code: draft?.code,
          }),
          // Not a subscription: there is nothing to unsubscribe from (SMS STOP still works).
          unsubscribeUrl: '',
          title,
          draftCode: draft?.code ?? null,
        });
      let message = renderTemplate(compiled, variables(), channel);
      // An answer's explanation can be 5,000 characters: on SMS it is cut to fit, and the link in
      // the message leads to the whole answer.
      if (channel === 'sms' && typeof data.reason === 'string') {
        const fitted = fitSms(
          (reason) => renderTemplate(compiled, variables(reason), channel).text,
          data.reason,
        );
        message = { ...message, text: fitted.message };
      }
      const out = {
        deliveryId: delivery.id,
        channel,
        to: contact.address,
        webhookSecret: contact.secret,
        language: picked.language,
        subject: message.subject,
        text: message.text,
        html: message.html,
      };
      if (channel !== 'webhook') return out;
      // The partner routes it to its user by its own reference; the rest of `replyTo` stays here.
      const { replyTo, ...rest } = event.data as Record<string, unknown> & { replyTo: ReplyTo };
      return {
        ...out,
        payload: {
          id: delivery.id,
          type: event.type,
          language: picked.language,
          title: title ? localize(title, picked.language) : null,
          text: message.text,
          externalRef: replyTo.channel === 'partner' ? replyTo.externalRef : null,
          event: {
            id: event.id,
            type: event.type,
            time: event.time,
            subject: event.subject,
            data: rest,
          },
        },
      };
    },

    async compose({ delivery, subscriber, contact, events }) {
      const channel = delivery.channel;
      const language = subscriber.language;
      // `language` of the result is the message's, which the delivery log records.
      const common = {
        deliveryId: delivery.id,
        channel,
        to: contact.address,
        webhookSecret: contact.secret,
      };
      if (delivery.kind === 'verification') {
        const [textLanguage, texts] = pick(VERIFY_TEXT, language);
        const code = derivedVerificationCode(options.linkSecret, delivery.sourceEventId);
        // E-mail also gets a one-click link; the code alone works everywhere.
        const link =
          channel === 'email' && delivery.expiresAt
            ? `${base}/confirm/${signLinkToken(options.linkSecret, {
                purpose: 'verify',
                subscriberId: subscriber.id,
                channel,
                verificationId: delivery.sourceEventId,
                expiresAt: delivery.expiresAt,
              })}`
            : null;
        const text = [
          texts.code.replace('{code}', code),
          link ? texts.link.replace('{link}', link) : '',
        ]
          .filter(Boolean)
          .join('\n\n');
        return {
          ...common,
          language: textLanguage,
          subject: texts.subject,
          text,
          payload: { id: delivery.id, type: 'pcn.notification.verification', code, text },
        };
      }
      let link: string | undefined;
      const unsubscribe = () => (link ??= unsubscribeUrl(subscriber.id, channel));
      if (delivery.kind === 'digest') {
        // One language for the frame and every line: the first the digest text and every event's
        // message can all be given in; Vietnamese always can.
        const chain = languageFallbacks(language).filter((l) => Object.hasOwn(DIGEST_TEXT, l));
        let digestLanguage = FALLBACK_LANGUAGE;
        let lines: Rendered[] = [];
        for (const candidate of chain) {
          lines = [];
          // A line that cannot be wholly in `candidate` falls back to Vietnamese, ruling it out.
          const only = [...new Set([candidate, FALLBACK_LANGUAGE])];
          for (const event of events)
            lines.push(await renderShared(event, channel, language, only));
          digestLanguage = candidate;
          if (lines.every((l) => l.language === candidate)) break;
        }
        const [, texts] = pick(DIGEST_TEXT, digestLanguage);
        const list = lines.map((one) => `- ${personalise(one, unsubscribe).subject}`);
        const text = `${texts.intro}\n${list.join('\n')}\n\n${unsubscribe()}`;
        return {
          ...common,
          language: digestLanguage,
          subject: texts.subject,
          text,
          unsubscribeUrl: unsubscribe(),
        };
      }
      const event = events[0];
      if (!event) throw new ComposeError('the event is no longer stored');
      const message = personalise(await renderShared(event, channel, language), unsubscribe);
      const out = {
        ...common,
        language: message.language,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // Mail carries the one-click link in its headers (RFC 8058) whatever the template says.
        unsubscribeUrl: channel === 'email' ? unsubscribe() : link,
      };
      if (channel !== 'webhook') return out;
      const title = (event.data as { title?: Record<string, string> }).title;
      return {
        ...out,
        payload: {
          id: delivery.id,
          type: event.type,
          language: message.language,
          title: title ? localize(title, message.language) : null,
          text: message.text,
          event: {
            id: event.id,
            type: event.type,
            time: event.time,
            subject: event.subject,
            data: event.data,
          },
        },
      };
    },
  };
}
