import { ValidationPipe } from '@nestjs/common';

/** Bodies carry exactly their DTO's fields: anything else is a 400, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
  });
}
