import { contextDataProblem } from '@strata/contexts';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A context `data` field: a JSON object within the depth and size limits of the source of truth. */
export function IsContextData(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isContextData',
      validator: {
        validate: (value: unknown) => contextDataProblem(value) === undefined,
        defaultMessage: (args) => contextDataProblem(args?.value) ?? 'invalid data',
      },
    },
    options,
  );
}
