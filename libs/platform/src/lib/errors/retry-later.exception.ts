import { HttpException, HttpStatus } from '@nestjs/common';

/** A refusal that says when to try again: answered with `Retry-After`. */
export class RetryLaterException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    status: HttpStatus.TOO_MANY_REQUESTS | HttpStatus.SERVICE_UNAVAILABLE,
  ) {
    super(message, status);
  }
}
