import type { FastifyInstance } from 'fastify';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The methods some route serves at `url`'s path: what a 405 lists in `Allow`; empty when none does. */
export function allowedMethods(fastify: FastifyInstance, url: string): string[] {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return METHODS.filter((method) => fastify.findRoute({ method, url: path }) !== null);
}
