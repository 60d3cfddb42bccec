import { fileURLToPath } from 'node:url';
import { spawnProcess, type FixtureProcess } from './fixture-process.js';

export interface ServiceProcessesOptions {
  /** The folder that holds each service's folder (`services/`). */
  servicesDir: URL;
  natsUrl: string;
  busPrefix: string;
  /** Settings every process gets, over the defaults; each launch adds its own. */
  env?: Record<string, string>;
}

type Exit = Awaited<FixtureProcess['exited']>;

/**
 * Built services (`<service>/dist/main.js`, as the test command builds them) run as their own
 * processes, as operators run them: not production, logging at `info` (tests wait for log lines),
 * on one nats-server and bus prefix.
 */
export class ServiceProcesses {
  /** Every process launched, in order. */
  readonly launched: FixtureProcess[] = [];
  readonly #options: ServiceProcessesOptions;

  constructor(options: ServiceProcessesOptions) {
    this.#options = options;
  }

  launch(service: string, env: Record<string, string> = {}): FixtureProcess {
    const { servicesDir, natsUrl, busPrefix } = this.#options;
    const main = fileURLToPath(new URL(`${service}/dist/main.js`, servicesDir));
    const p = spawnProcess(process.execPath, [main], {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      NATS_URL: natsUrl,
      BUS_PREFIX: busPrefix,
      ...this.#options.env,
      ...env,
    });
    this.launched.push(p);
    return p;
  }

  /** Signals every process launched and waits for all to exit; their exits, in launch order. */
  async stopAll(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit[]> {
    for (const p of this.launched) p.kill(signal);
    return Promise.all(this.launched.map((p) => p.exited));
  }
}
