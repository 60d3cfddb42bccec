import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { CliError, ExitCode } from '../exit-codes.js';

export interface AdminBus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  close(): Promise<void>;
}

/**
 * One short-lived connection: no endless reconnects as in a service, so a CLI run against a broker
 * that is down ends with exit 4 instead of waiting.
 */
export async function connectAdminBus(
  servers: readonly string[],
  timeoutMs = 5000,
): Promise<AdminBus> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: [...servers],
      name: 'pcn-admin',
      timeout: timeoutMs,
      maxReconnectAttempts: 0,
      reconnect: false,
    });
  } catch (err) {
    throw new CliError(
      `Could not reach NATS at ${servers.join(', ')} (${err instanceof Error ? err.message : String(err)}); check NATS_URL`,
      ExitCode.Unreachable,
    );
  }
  try {
    const jsm = await jetstreamManager(nc, { timeout: timeoutMs });
    return {
      nc,
      js: jetstream(nc, { timeout: timeoutMs }),
      jsm,
      async close() {
        if (!nc.isClosed()) await nc.drain();
      },
    };
  } catch (err) {
    await nc.close();
    throw new CliError(
      `NATS at ${servers.join(', ')} answered but JetStream did not (${err instanceof Error ? err.message : String(err)})`,
      ExitCode.Unreachable,
    );
  }
}
