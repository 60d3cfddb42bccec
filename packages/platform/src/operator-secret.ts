import { createHash, timingSafeEqual } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';

/**
 * Whether a call's `authorization: Bearer <secret>` matches the operator secret. Compared as
 * SHA-256 digests, so the time taken says nothing about the secret or its length. No I/O.
 */
export function carriesOperatorSecret(metadata: Metadata, secret: string): boolean {
  const header = metadata.get('authorization')[0];
  if (typeof header !== 'string' || header.length > 1024 || !header.startsWith('Bearer '))
    return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(header.slice('Bearer '.length)), digest(secret));
}
