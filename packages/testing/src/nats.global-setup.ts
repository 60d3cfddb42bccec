import type { TestProject } from 'vitest/node';
import type {} from 'vitest';
import { startNatsServer } from './nats-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's throwaway nats-server; test files isolate themselves with `uniquePrefix()`. */
    natsUrl: string;
  }
}

/** One nats-server per test run, shared by its files. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startNatsServer();
  project.provide('natsUrl', server.url);
  return () => server.stop();
}
