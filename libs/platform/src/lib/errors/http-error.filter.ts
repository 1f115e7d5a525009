import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { EntityConflictError, EntityNotFoundError, UnknownReferenceError } from '@strata/contexts';
import type { FastifyReply } from 'fastify';
import { errorBody, type ErrorBody } from './error-body';

/** Turns every error a handler throws into DESIGN §8's JSON shape; only real faults become 500. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      // Terminus answers 503 with its report, and health checkers read that shape, not ours.
      void reply.status(exception.getStatus()).send(exception.getResponse());
      return;
    }
    const body = this.toBody(exception);
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
