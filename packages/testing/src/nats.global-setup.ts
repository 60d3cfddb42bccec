import type { TestProject } from 'vitest/node';
import { startNatsServer } from './nats-server.js';
import './provided-context.js';

/** One nats-server per test run, shared by its files. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startNatsServer();
  project.provide('natsUrl', server.url);
  return () => server.stop();
}
