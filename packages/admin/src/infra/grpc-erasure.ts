import { status } from '@grpc/grpc-js';
import { operator, ops } from '@pcn/contracts';
import {
  callUnary,
  createGrpcClient,
  erasureRequestOf,
  FailedPreconditionError,
} from '@pcn/platform';
import type { ErasureTarget, ServiceErasure } from '../app/erasure.ports.js';
import { bearer } from './operator-client.js';

const DEADLINE_MS = 60_000;

async function answered(
  service: string,
  call: () => Promise<ops.ErasePersonalDataResponse>,
): Promise<ServiceErasure> {
  try {
    const res = await call();
    return {
      service,
      outcome: 'done',
      erased: res.erased.map((e) => ({ kind: e.kind, count: Number(e.count) })),
      note: res.note,
      streamMessages: res.streamMessages.map((m) => ({
        stream: m.stream,
        seq: Number(m.sequence),
        subject: m.subject,
      })),
    };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const message = err instanceof Error ? err.message : String(err);
    return {
      service,
      outcome:
        code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED
          ? 'unreachable'
          : err instanceof FailedPreconditionError
            ? 'refused'
            : 'failed',
      erased: [],
      note: message,
      streamMessages: [],
    };
  }
}

/** A backend's `OpsService.ErasePersonalData`, as an operator (the OPERATOR_SECRET bearer). */
export function backendErasure(service: string, address: string, secret: string): ErasureTarget {
  return {
    service,
    async erase(subject, dryRun) {
      const client = createGrpcClient(ops.OpsServiceClient, address, {
        audience: service,
        interceptors: [bearer(secret)],
      });
      try {
        return await answered(service, () =>
          callUnary(client.erasePersonalData.bind(client), erasureRequestOf(subject, dryRun), {
            deadlineMs: DEADLINE_MS,
          }),
        );
      } finally {
        client.close();
      }
    },
  };
}

/** The gateway's accounts, through its operator API. */
export function gatewayErasure(address: string, secret: string): ErasureTarget {
  return {
    service: 'gateway',
    async erase(subject, dryRun) {
      const client = createGrpcClient(operator.OperatorServiceClient, address, {
        audience: 'gateway',
        interceptors: [bearer(secret)],
      });
      try {
        return await answered('gateway', () =>
          callUnary(client.erasePersonalData.bind(client), erasureRequestOf(subject, dryRun), {
            deadlineMs: DEADLINE_MS,
          }),
        );
      } finally {
        client.close();
      }
    },
  };
}
