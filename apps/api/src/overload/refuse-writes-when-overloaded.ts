import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorBody } from '@strata/platform';
import { SourceAdmission } from '@strata/tiers';

/**
 * A body Node may read and drop after the refusal, so that the connection carries the client's
 * next request: closing every refused connection turns a flood into a storm of reconnections,
 * which overflows the listen backlog and delays every new client (health checks included) by
 * SYN retries of seconds.
 */
const DRAINED_BODY_BYTES = 64 * 1024;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Writes go to the source of truth whatever is cached: while the source is saturated or the event
 * loop lags, a write is refused with 503 and Retry-After as soon as its request line is read,
 * before its body is parsed. The cache's own admin routes stay open to operators.
 */
export function refuseWritesWhenOverloaded(app: NestFastifyApplication): void {
  const admission = app.get(SourceAdmission);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (
        !WRITE_METHODS.has(request.method) ||
        !request.url.startsWith('/v1/') ||
        request.url.startsWith('/v1/cache/')
      ) {
        done();
        return;
      }
      const refused = admission.shed();
      if (refused === undefined) {
        done();
        return;
      }
      reply.code(503).header('retry-after', String(refused.retryAfterSeconds));
      if (!smallBody(request.headers['content-length'])) {
        // Reading the body to reuse the connection would cost more than the refusal saves.
        reply.header('connection', 'close');
      }
      void reply.send(errorBody(503, refused.message));
    });
}

function smallBody(contentLength: string | undefined): boolean {
  return (
    contentLength !== undefined &&
    /^\d{1,6}$/.test(contentLength) &&
    Number(contentLength) <= DRAINED_BODY_BYTES
  );
}
