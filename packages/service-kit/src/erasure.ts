import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { ops } from '@pcn/contracts';
import type { ErasedStreamMessage, EventHolds } from '@pcn/events';
import {
  carriesOperatorSecret,
  erasureSubjectOf,
  FailedPreconditionError,
  UnauthenticatedError,
  type ErasureSubject,
  type GrpcServer,
  type Logger,
} from '@pcn/platform';

export type { ErasureSubject } from '@pcn/platform';

export interface ErasureReport {
  /** What was erased (or, in a dry run, would be), by kind; kinds with nothing are listed too. */
  erased: { kind: string; count: number }[];
  /** What the service keeps, and why; never personal data. */
  note: string;
  /** The JetStream messages erased (or that would be), when the service's events carry the person. */
  streamMessages?: ErasedStreamMessage[];
}

/**
 * Which of the service's events carry the subject's data, for erasing them from its stream; null
 * when none can (a subject this service's events never name).
 */
export type EventsHolding = (subject: ErasureSubject) => EventHolds | null;

export type EraseHandler = (subject: ErasureSubject, dryRun: boolean) => Promise<ErasureReport>;

/** What a service that keeps no contact data of people answers. */
export const HOLDS_NO_PERSONAL_DATA: EraseHandler = () =>
  Promise.resolve({
    erased: [],
    note: 'holds no contact data of people (no emails, phone numbers, Zalo ids or names of citizens)',
  });

/**
 * `OpsService.ErasePersonalData`: only an operator holding OPERATOR_SECRET may call it, and a
 * service without the secret refuses. The subject is never logged.
 */
export function erasePersonalDataRpc(
  grpc: GrpcServer,
  deps: { service: string; secret: string | undefined; logger: Logger; erase: EraseHandler },
) {
  const inner = grpc.unary(
    'ErasePersonalData',
    async (request: ops.ErasePersonalDataRequest): Promise<ops.ErasePersonalDataResponse> => {
      const subject = erasureSubjectOf(request);
      const report = await deps.erase(subject, request.dryRun);
      deps.logger.info(
        {
          subjectKind: subject.kind,
          dryRun: request.dryRun,
          erased: Object.fromEntries(report.erased.map((e) => [e.kind, e.count])),
        },
        'personal data erasure by an operator',
      );
      return {
        service: deps.service,
        erased: report.erased.map((e) => ({ kind: e.kind, count: String(e.count) })),
        note: report.note,
        streamMessages: (report.streamMessages ?? []).map((m) => ({
          stream: m.stream,
          sequence: String(m.seq),
          subject: m.subject,
        })),
      };
    },
  );
  return (
    call: ServerUnaryCall<ops.ErasePersonalDataRequest, ops.ErasePersonalDataResponse>,
    callback: sendUnaryData<ops.ErasePersonalDataResponse>,
  ): void => {
    if (!deps.secret) {
      const refusal = new FailedPreconditionError(
        `${deps.service} has no OPERATOR_SECRET: set it to allow erasure`,
        'OPERATOR_SECRET_UNSET',
      );
      grpc.unary('ErasePersonalData', () => Promise.reject(refusal))(call, callback);
      return;
    }
    if (!carriesOperatorSecret(call.metadata, deps.secret)) {
      deps.logger.warn(
        { method: 'ErasePersonalData' },
        'erasure without the operator secret refused',
      );
      const refusal = new UnauthenticatedError(
        'ErasePersonalData wants `authorization: Bearer <OPERATOR_SECRET>`',
      );
      grpc.unary('ErasePersonalData', () => Promise.reject(refusal))(call, callback);
      return;
    }
    inner(call, callback);
  };
}
