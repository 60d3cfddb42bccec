import { DOMAINS, domainOf, isEventType, type Domain, type EventType } from './catalogue.js';

/**
 * Persisted names: streams, subjects and durable consumers. JetStream keeps state under these
 * names, so never rename one without a migration (a new stream or durable, and a replay).
 *
 * A `prefix` isolates one network from another on a shared server: tests use a unique prefix per
 * file; production uses none.
 */
export class BusNames {
  readonly prefix: string;

  constructor(prefix = '') {
    if (prefix && !/^[A-Za-z0-9]{1,32}$/.test(prefix))
      throw new Error('bus prefix must be 1-32 letters or digits');
    this.prefix = prefix;
  }

  #subject(s: string): string {
    return this.prefix ? `${this.prefix}.${s}` : s;
  }

  #name(n: string): string {
    return this.prefix ? `${this.prefix}_${n}` : n;
  }

  /** One stream per domain: `DRAFT`, `FEEDBACK`, `OUTREACH`, `NOTIFICATION`. */
  stream(domain: Domain): string {
    return this.#name(domain.toUpperCase());
  }

  streamSubjects(domain: Domain): string {
    return this.#subject(`pcn.${domain}.v1.>`);
  }

  /** An event is published on its type: `pcn.draft.v1.ConsultationOpened`. */
  subjectFor(type: EventType): string {
    return this.#subject(type);
  }

  streamFor(type: EventType): string {
    return this.stream(domainOf(type));
  }

  /** Strips the prefix from a received subject, giving back the event type it was published as. */
  typeOfSubject(subject: string): string {
    return this.prefix && subject.startsWith(`${this.prefix}.`)
      ? subject.slice(this.prefix.length + 1)
      : subject;
  }

  /**
   * The domain stream that stores an event subject, for the relay's ordering chain; undefined for
   * anything else (work items need no order, and share one stream across subjects).
   */
  streamOfSubject(subject: string): string | undefined {
    const type = this.typeOfSubject(subject);
    return isEventType(type) ? this.streamFor(type) : undefined;
  }

  /** Dead letters of every consumer, kept with the original message and the reason. */
  get deadLetterStream(): string {
    return this.#name('DEADLETTER');
  }

  deadLetterSubject(durable: string): string {
    return this.#subject(`pcn.deadletter.${durable}`);
  }

  get deadLetterSubjects(): string {
    return this.#subject('pcn.deadletter.>');
  }

  /** Operators' actions on the network (dead letters replayed or discarded), kept as a record. */
  get auditStream(): string {
    return this.#name('AUDIT');
  }

  get auditSubjects(): string {
    return this.#subject('pcn.audit.>');
  }

  /** One kind of operator action, for example `pcn.audit.dead-letter-replayed`. */
  auditSubject(action: string): string {
    return this.#subject(`pcn.audit.${action}`);
  }

  /** Keeps JetStream's MAX_DELIVERIES advisories for this network's streams, which are not persisted otherwise. */
  get advisoryStream(): string {
    return this.#name('ADVISORIES');
  }

  /** The advisory subjects of one domain stream's consumers. */
  maxDeliveriesSubjects(domain: Domain): string {
    return `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${this.stream(domain)}.*`;
  }

  maxDeliveriesSubject(stream: string, durable: string): string {
    return `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${durable}`;
  }

  /** The durable on the advisory stream that dead-letters for consumer `durable`. */
  deadLetterWatch(durable: string): string {
    return `${durable}-maxdeliver`;
  }

  /** A service's work queues (retention: work queue), for example `NOTIFICATION_WORK`. */
  workStream(service: string): string {
    return this.#name(`${service.toUpperCase()}_WORK`);
  }

  workStreamSubjects(service: string): string {
    return this.#subject(`pcn.work.${service}.>`);
  }

  /** One queue of a service, for example `pcn.work.notification.email`. */
  workSubject(service: string, queue: string): string {
    return this.#subject(`pcn.work.${service}.${queue}`);
  }

  /** Durable consumer name: `<service>-<purpose>`, for example `notification-fanout`. */
  durable(service: string, purpose: string): string {
    return this.#name(`${service}-${purpose}`);
  }

  get domains(): readonly Domain[] {
    return DOMAINS;
  }
}
