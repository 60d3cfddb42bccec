import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePorts } from './free-port.js';
import { startNatsServer, type NatsServer } from './nats-server.js';
import { waitFor } from './wait-for.js';

export interface NatsCluster extends AsyncDisposable {
  /** Every node's client URL, in node order: what a service's NATS_URL lists (comma-separated). */
  readonly urls: readonly string[];
  readonly size: number;
  /** Whether node `i` runs now. */
  running(i: number): boolean;
  /** kill -9 of node `i`: no flush, no goodbye to its routes; its store stays for a restart. */
  crash(i: number): Promise<void>;
  /** Starts node `i` again on the same ports and store, as a restarted pod would. */
  restart(i: number): Promise<void>;
  /**
   * Resolves once JetStream answers through node `i`'s client port and the cluster has a meta
   * leader (streams can be created and read); after a start or restart.
   */
  waitForJetStream(i?: number, timeoutMs?: number): Promise<void>;
  /** Stops every node and removes their stores. */
  stop(): Promise<void>;
}

/**
 * A JetStream cluster of `size` real nats-server processes on loopback ports (client ports
 * first, then route ports), each with a store of its own under one temporary directory. Nodes
 * can be crashed and restarted on the same ports and store, one or all at once.
 */
export async function startNatsCluster(size = 3, name = 'pcn-test'): Promise<NatsCluster> {
  const base = await freePorts(size * 2);
  const root = await mkdtemp(join(tmpdir(), 'pcn-nats-cluster-'));
  const routes = Array.from({ length: size }, (_, i) => base + size + i);
  const nodes: (NatsServer | undefined)[] = Array.from({ length: size }, () => undefined);
  const startNode = async (i: number) => {
    nodes[i] = await startNatsServer({
      port: base + i,
      storeDir: join(root, `n${i}`),
      cluster: { name, serverName: `n${i}`, port: base + size + i, routes },
    });
  };
  const stopAll = async () => {
    await Promise.all(nodes.map((n) => n?.stop() ?? Promise.resolve()));
    await rm(root, { recursive: true, force: true });
  };
  try {
    await Promise.all(nodes.map((_, i) => startNode(i)));
  } catch (err) {
    await stopAll();
    throw err;
  }
  const urls = nodes.map((_, i) => `nats://127.0.0.1:${base + i}`);
  const cluster: NatsCluster = {
    urls,
    size,
    running: (i) => nodes[i] !== undefined,
    async crash(i) {
      await nodes[i]?.crash();
      nodes[i] = undefined;
    },
    async restart(i) {
      if (nodes[i]) throw new Error(`node ${i} is running`);
      await startNode(i);
    },
    async waitForJetStream(i = 0, timeoutMs = 30_000) {
      const url = urls[i] as string;
      const nc = await connect({ servers: url, maxReconnectAttempts: -1 });
      try {
        await waitFor(
          async () => {
            const jsm = await jetstreamManager(nc, { timeout: 2000 });
            // Fails with "JetStream not available" or times out until the meta group has a leader.
            await jsm.getAccountInfo();
            return true;
          },
          { timeoutMs, intervalMs: 200, description: `JetStream through ${url}` },
        );
      } finally {
        await nc.close();
      }
    },
    stop: stopAll,
    [Symbol.asyncDispose]: stopAll,
  };
  return cluster;
}
