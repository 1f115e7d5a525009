import type { CachedValue } from '@strata/tiers';
import type { FastifyReply } from 'fastify';

/** Answers with the cached JSON text as it is, and says where it came from (DESIGN §8 `x-cache`). */
export function sendCached(reply: FastifyReply, cached: CachedValue): string {
  void reply.header('x-cache', cached.source).type('application/json; charset=utf-8');
  return cached.json;
}

/** How the OpenAPI document describes `x-cache` on cached reads. */
export const CACHE_HEADER_DOC = {
  'x-cache': {
    description: 'Where the answer came from: hot, warm, cold, miss, or stale (grace served it)',
    schema: { type: 'string', enum: ['hot', 'warm', 'cold', 'miss', 'stale'] },
  },
};
