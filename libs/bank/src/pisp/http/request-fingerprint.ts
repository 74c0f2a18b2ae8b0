import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * What makes two requests under one idempotency key "the same request": the same JSON body, whatever its white space
 * or member order (sha256 of its canonical JSON, hex).
 */
export function requestFingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
