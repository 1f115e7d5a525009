import type { CachedValue } from '@strata/tiers';
import type { FastifyReply } from 'fastify';

/** Answers with the cached JSON text as it is, and says where it came from (DESIGN §8 `x-cache`). */
export function sendCached(reply: FastifyReply, cached: CachedValue): string {
  void reply.header('x-cache', cached.source).type('application/json; charset=utf-8');
  return cached.json;
}
