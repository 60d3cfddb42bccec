import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NatsServer extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  /** JetStream's store directory. */
  readonly storeDir: string;
  stop(): Promise<void>;
  /** Kills the process with SIGKILL (a crash: nothing flushed) and waits for it; keeps the store. */
  crash(): Promise<void>;
}

/** Joins the server to a cluster: routes between nodes, JetStream replicated across them. */
export interface NatsClusterMembership {
  /** The cluster's name, the same on every node. */
  name: string;
  /** This node's name, unique in the cluster (JetStream places replicas by it). */
  serverName: string;
  /** This node's route port. */
  port: number;
  /** Route ports of the nodes it connects to (its own may be in the list). */
  routes: readonly number[];
}

export interface NatsServerOptions {
  /** Keep data across restarts by passing the same directory; default: a fresh temp dir. */
  storeDir?: string;
  /** Fixed port, for a restart on the same address; default: a free port picked by the server. */
  port?: number;
  /** Defaults to `nats-server` on PATH. */
  binary?: string;
  /** A member of a cluster; default: a server on its own. */
  cluster?: NatsClusterMembership;
}

/**
 * Starts a real nats-server with JetStream on a free port and a temporary store, and resolves once
 * it listens. Stopping it removes the store unless the caller supplied one.
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const ownsStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'pcn-nats-')));
  const args = ['-a', '127.0.0.1', '-p', String(options.port ?? -1), '-js', '-sd', storeDir];
  const { cluster } = options;
  if (cluster)
    args.push(
      '--server_name',
      cluster.serverName,
      '--cluster_name',
      cluster.name,
      '--cluster',
      `nats://127.0.0.1:${cluster.port}`,
      '--routes',
      cluster.routes.map((p) => `nats://127.0.0.1:${p}`).join(','),
    );
  let child: ChildProcess;
  try {
    child = spawn(options.binary ?? 'nats-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error('could not start nats-server; run `npm test`, which installs it', {
      cause: err,
    });
  }
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nats-server did not start within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening for client connections on [^\s]*:(\d+)/.exec(output);
      if (match && output.includes('Server is ready')) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(
        new Error(
          `could not start nats-server (${err.message}); install it with \`apt-get install nats-server\` or run \`npm test\``,
        ),
      );
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with ${code}:\n${output}`));
    });
  });
  // Keep draining output so the pipe never fills and blocks the server.
  child.stderr?.resume();
  child.stdout?.resume();
  const crash = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (ownsStore) await rm(storeDir, { recursive: true, force: true });
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    stop,
    crash,
    [Symbol.asyncDispose]: stop,
  };
}
