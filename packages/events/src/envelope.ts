import { correlationId, currentContext, isUuidV7, uuidv7, type Clock } from '@pcn/platform';
import { z } from 'zod';
import { catalogue, isEventType, type EventData, type EventType } from './catalogue.js';

/** The envelope every event travels in (CloudEvents-like, with correlation and causation). */
export interface EventEnvelope<T extends EventType = EventType> {
  /** UUIDv7; also the `Nats-Msg-Id`, so a republish is de-duplicated. */
  id: string;
  type: T;
  time: string;
  /** The service that emitted it, for example `draft`. */
  source: string;
  /** Id of the thing the event is about, for example a draft id. */
  subject: string;
  correlationId: string;
  /** Id of the event that caused this one, or null when a person or a timer did. */
  causationId: string | null;
  data: EventData<T>;
}

/** Events larger than this are refused: JetStream's default max payload is 1 MiB. */
export const MAX_EVENT_BYTES = 512 * 1024;

const envelopeSchema = z.object({
  id: z.string().refine(isUuidV7, 'must be a UUIDv7'),
  type: z.string().refine(isEventType, 'is not in the event catalogue'),
  time: z.iso.datetime({ offset: true }),
  source: z.string().min(1).max(64),
  subject: z.string().min(1).max(256),
  correlationId: z.string().min(1).max(128),
  causationId: z.string().min(1).max(128).nullable(),
  data: z.unknown(),
});

/** Why an event is invalid; a consumer dead-letters such events rather than retrying them. */
export class InvalidEventError extends Error {
  constructor(
    message: string,
    readonly eventType: string | undefined,
  ) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Checks an envelope and its data against the catalogue. */
export function validateEvent(value: unknown): EventEnvelope {
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) {
    const type = (value as { type?: unknown } | null)?.type;
    throw new InvalidEventError(
      `invalid envelope: ${describe(envelope.error)}`,
      typeof type === 'string' ? type : undefined,
    );
  }
  const type = envelope.data.type;
  const data = catalogue[type].safeParse(envelope.data.data);
  if (!data.success) throw new InvalidEventError(`invalid ${type}: ${describe(data.error)}`, type);
  return { ...envelope.data, type, data: data.data };
}

/** Parses and validates an event from the wire. */
export function decodeEvent(bytes: Uint8Array): EventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new InvalidEventError('payload is not JSON', undefined);
  }
  return validateEvent(value);
}

export interface EventFactory {
  /**
   * Builds a validated event. Correlation and causation come from the current work context, so an
   * event emitted while handling another event or a call carries the same correlation id.
   */
  create<T extends EventType>(type: T, subject: string, data: EventData<T>): EventEnvelope<T>;
}

export function createEventFactory(
  source: string,
  clock: Clock,
  newId: () => string = uuidv7,
): EventFactory {
  return {
    create(type, subject, data) {
      const event = {
        id: newId(),
        type,
        time: clock.now().toISOString(),
        source,
        subject,
        correlationId: correlationId(),
        causationId: currentContext()?.causationId ?? null,
        data,
      };
      const checked = validateEvent(event);
      if (Buffer.byteLength(JSON.stringify(checked)) > MAX_EVENT_BYTES)
        throw new InvalidEventError(`${type} is larger than ${MAX_EVENT_BYTES} bytes`, type);
      return checked as EventEnvelope<typeof type>;
    },
  };
}
