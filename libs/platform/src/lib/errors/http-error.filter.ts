import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { EntityConflictError, EntityNotFoundError, UnknownReferenceError } from '@strata/contexts';
import { isDatabaseUnavailable } from '@strata/database';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isClientDisconnect } from './client-disconnect';
import { errorBody, type ErrorBody } from './error-body';
import { isRetryLater } from './unavailable';

/** When to try again after the database did not answer: its statements are bounded to seconds. */
const DATABASE_RETRY_AFTER_SECONDS = 1;

/** The methods routes serve at a URL's path (see allowedMethods); none when unknown. */
export type AllowedMethods = (url: string) => string[];

/** Turns every error a handler throws into DESIGN §8's JSON shape; only real faults become 500. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  constructor(private readonly allowedMethods: AllowedMethods = () => []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    if (isClientDisconnect(exception, request)) {
      this.logger.debug(`client disconnected during ${request.method} ${request.routeOptions.url}`);
      return;
    }
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      // Terminus answers 503 with its report, and health checkers read that shape, not ours.
      void reply.status(exception.getStatus()).send(exception.getResponse());
      return;
    }
    if (exception instanceof NotFoundException && request.is404) {
      // No route matched: a path that exists under other methods is a 405, not a 404.
      const allowed = this.allowedMethods(request.url);
      if (allowed.length > 0) {
        void reply
          .status(HttpStatus.METHOD_NOT_ALLOWED)
          .header('allow', allowed.join(', '))
          .send(
            errorBody(
              HttpStatus.METHOD_NOT_ALLOWED,
              `${request.method} is not served here; allowed: ${allowed.join(', ')}`,
            ),
          );
        return;
      }
    }
    const body = this.toBody(exception);
    if (isRetryLater(exception)) {
      void reply.header('retry-after', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
    } else if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) {
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
      return errorBody(exception.getStatus(), message);
    }
    if (isRetryLater(exception)) {
      // A library's refusal for now (the source overloaded, a load that did not finish in time).
      return errorBody(HttpStatus.SERVICE_UNAVAILABLE, exception.message);
    }
    if (isDatabaseUnavailable(exception)) {
      // A dependency's failure, not ours: the database is down, paused, unreachable or too slow.
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return errorBody(
        HttpStatus.SERVICE_UNAVAILABLE,
        'the database is not answering; try again shortly',
      );
    }
    if (exception instanceof EntityNotFoundError) {
      return errorBody(HttpStatus.NOT_FOUND, exception.message);
    }
    if (exception instanceof UnknownReferenceError) {
      return errorBody(HttpStatus.BAD_REQUEST, exception.message);
    }
    if (exception instanceof EntityConflictError) {
      return errorBody(HttpStatus.CONFLICT, exception.message);
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : exception,
    );
    return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'internal server error');
  }
}

function isHealthReport(response: unknown): boolean {
  return (
    typeof response === 'object' &&
    response !== null &&
    'status' in response &&
    'details' in response
  );
}
