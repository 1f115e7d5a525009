import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type Type,
} from '@nestjs/common';

/**
 * A body that is not a JSON object at all (`null`, an array, a string, or none) is a 400: Nest's
 * pipe reads `null` and no body as `{}`, which let a PATCH through as an empty change.
 */
class JsonObjectBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = this.expectedType ?? metadata.metatype;
    const dto = metadata.type === 'body' && typeof type === 'function' && type !== Object;
    if (dto && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new BadRequestException('the body must be a JSON object');
    }
    return super.transform(value, metadata);
  }
}

/**
 * The one validation configuration: bodies carry exactly their DTO's fields, anything else is a
 * 400, not silently dropped. The global pipe reads a body's DTO from the parameter's type; a
 * route whose parameter type is generic (the entity controllers) names it as `expectedType`.
 */
export function createValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new JsonObjectBodyValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
  });
}
