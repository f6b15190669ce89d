import type { Hash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Creates a SHA-256 hash. `node:crypto` is loaded on the first call rather
 * than at start-up, where it took about 2 ms of every run, and most runs
 * hash nothing.
 */
export function createSha256(): Hash {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256');
}
