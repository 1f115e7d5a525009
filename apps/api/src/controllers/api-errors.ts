import { applyDecorators, BadRequestException, ParseEnumPipe } from '@nestjs/common';
import { ApiDefaultResponse, ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from '@strata/platform';

const MEANING: Record<number, string> = {
  400: 'Bad input: the message says what',
  404: 'No such id',
  409: 'A conflict: the message says with what',
  413: 'The body is over 1 MB',
  429: 'Too many such requests now (`Retry-After` says when to try again); nothing was done',
  503: 'The database or the source is not answering now (`Retry-After` says when to try again). A write refused for overload or for its write bound was not applied; only a write whose database failed during its commit may have been',
};

/**
 * The error answers a route gives, each in DESIGN §8's body; `default` covers the rest (a 415 for
 * a body that is not JSON, a 500 for a fault).
 */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, type: ErrorBodyDto, description: MEANING[status] }),
    ),
    ApiDefaultResponse({ type: ErrorBodyDto, description: 'Any other error' }),
  );

/** A path parameter that must be one of `values`; anything else is a 400 naming them. */
export function oneOf(name: string, values: readonly string[]): ParseEnumPipe {
  return new ParseEnumPipe(Object.fromEntries(values.map((value) => [value, value])), {
    exceptionFactory: () => notOneOf(name, values),
  });
}

/** `oneOf`'s check where no pipe runs: `value` if it is one of `values`, else the same 400. */
export function requireOneOf<T extends string>(
  name: string,
  values: readonly T[],
  value: string,
): T {
  if (!(values as readonly string[]).includes(value)) {
    throw notOneOf(name, values);
  }
  return value as T;
}

function notOneOf(name: string, values: readonly string[]): BadRequestException {
  return new BadRequestException(`${name} must be one of ${values.join(', ')}`);
}
