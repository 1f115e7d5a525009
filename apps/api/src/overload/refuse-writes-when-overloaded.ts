import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorBody } from '@strata/platform';
import { SourceAdmission } from '@strata/tiers';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Writes go to the source of truth whatever is cached: while the source is saturated or the event
 * loop lags, a write is refused with 503 and Retry-After as soon as its request line is read,
 * before its body costs anything. The cache's own admin routes stay open to operators.
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
      void reply
        .code(503)
        .header('retry-after', String(refused.retryAfterSeconds))
        // The body is left unread: the connection cannot carry another request.
        .header('connection', 'close')
        .send(errorBody(503, refused.message));
    });
}
