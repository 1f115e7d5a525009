import { ValidationPipe, type Type } from '@nestjs/common';

/**
 * The one validation configuration: bodies carry exactly their DTO's fields, anything else is a
 * 400, not silently dropped. The global pipe reads a body's DTO from the parameter's type; a
 * route whose parameter type is generic (the entity controllers) names it as `expectedType`.
 */
export function createValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new ValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
  });
}
