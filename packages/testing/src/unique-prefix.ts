import { randomBytes } from 'node:crypto';

/**
 * A prefix for streams, subjects and durable names, unique per call, so that test files sharing
 * one nats-server never see each other's messages. Letters and digits only: valid in every name.
 */
export function uniquePrefix(label = 't'): string {
  return `${label.replace(/[^A-Za-z0-9]/g, '')}${randomBytes(4).toString('hex')}`;
}
