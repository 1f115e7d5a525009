import fc from 'fast-check';
import type { JsonSchema } from './openapi-operations';
import type { ValuePool } from './value-pool';

/** Fields whose values name something stored: drawn mostly from what the server has shown. */
const NAMES_SOMETHING = /(^id$|Id$|Ids$|^key$|^dependency$|^x-user-id$)/;

/** Fields whose values are cache keys (`type:id`) rather than ids. */
const NAMES_A_KEY = /^(key|dependency)$/;

/** Text of every kind a client may send: emoji, combining marks, RTL, controls, NUL, lone surrogates. */
export const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\udfff',
    '\u202e',
    'e\u0301',
    '💥',
    '%00',
    '../..',
    'null',
    '__proto__',
    'constructor',
  ),
);

/** Any JSON value, nested a little. */
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Values valid for `schema` (as far as a schema can say: references may still be unknown). */
export function validValue(schema: JsonSchema, pool: ValuePool, name = ''): fc.Arbitrary<unknown> {
  if (schema.enum !== undefined && schema.enum.length > 0) {
    return fc.constantFrom(...schema.enum);
  }
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants !== undefined && variants.length > 0) {
    return fc.oneof(...variants.map((variant) => validValue(variant, pool, name)));
  }
  if (schema.allOf !== undefined && schema.allOf.length > 0) {
    return validValue(Object.assign({}, ...schema.allOf) as JsonSchema, pool, name);
  }
  const value = validOfType(schema, pool, name);
  return schema.nullable ? fc.option(value, { freq: 10, nil: null }) : value;
}

function validOfType(schema: JsonSchema, pool: ValuePool, name: string): fc.Arbitrary<unknown> {
  switch (schema.type ?? (schema.properties ? 'object' : undefined)) {
    case 'string':
      return validString(schema, pool, name);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e9,
        max: schema.maximum ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(schema.items ?? {}, pool, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object':
      return validObject(schema, pool);
    default:
      return anyJson;
  }
}

function validString(schema: JsonSchema, pool: ValuePool, name: string): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 64;
  const fresh = schema.pattern
    ? fc.stringMatching(new RegExp(schema.pattern))
    : fc.oneof(
        {
          arbitrary: fc.string({
            unit: 'grapheme-ascii',
            minLength,
            maxLength: Math.min(maxLength, 24),
          }),
          weight: 6,
        },
        // The boundaries themselves.
        { arbitrary: fc.constant('x'.repeat(Math.max(minLength, 1))), weight: 1 },
        { arbitrary: fc.constant('y'.repeat(maxLength)), weight: 1 },
        {
          arbitrary: fc.string({
            unit: 'grapheme',
            minLength: Math.max(minLength, 1),
            maxLength: Math.min(maxLength, 12),
          }),
          weight: 2,
        },
      );
  if (!NAMES_SOMETHING.test(name)) {
    return fresh;
  }
  return fc.oneof(
    { arbitrary: fc.nat().map((index) => pool.pick(index, NAMES_A_KEY.test(name))), weight: 8 },
    { arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/), weight: 2 },
  );
}

function validObject(schema: JsonSchema, pool: ValuePool): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  if (Object.keys(properties).length === 0) {
    // Free-form (a context's `data`): any JSON object.
    return fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), anyText), anyJson, { maxKeys: 6 });
  }
  const required = (schema.required ?? []).filter((key) => key in properties);
  return fc.record(
    Object.fromEntries(
      Object.entries(properties).map(([key, child]) => [key, validValue(child, pool, key)]),
    ),
    { requiredKeys: required },
  );
}

/** A value nested `depth` levels deep, as JSON text: built as text, so no depth is too much. */
export function nestedJsonText(depth: number, array: boolean): string {
  return array
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
}

/** How one schema's value is made invalid; each names what it did, for the figures. */
export function invalidValue(
  schema: JsonSchema,
  pool: ValuePool,
  name = '',
): fc.Arbitrary<{ how: string; value: unknown }> {
  const variants: Array<fc.Arbitrary<{ how: string; value: unknown }>> = [
    wrongType(schema).map((value) => ({ how: 'wrong type', value })),
  ];
  if (schema.enum !== undefined) {
    variants.push(
      anyText
        .filter((text) => !schema.enum?.includes(text))
        .map((value) => ({ how: 'not in enum', value })),
    );
  }
  if (schema.type === 'string') {
    if (schema.maxLength !== undefined) {
      variants.push(
        fc.constant({ how: 'one over maxLength', value: 'z'.repeat(schema.maxLength + 1) }),
      );
    }
    if ((schema.minLength ?? 0) > 0) {
      variants.push(
        fc.constant({ how: 'one under minLength', value: 'z'.repeat((schema.minLength ?? 1) - 1) }),
      );
    }
    variants.push(fc.constant({ how: 'huge string', value: 'h'.repeat(200_000) }));
    variants.push(anyText.map((value) => ({ how: 'odd text', value })));
  }
  if (schema.type === 'array') {
    variants.push(
      fc.constant({
        how: 'over maxItems',
        value: Array.from({ length: (schema.maxItems ?? 1_000) + 1 }, (_, index) => `i${index}`),
      }),
    );
    if (schema.items) {
      variants.push(
        invalidValue(schema.items, pool, name).map(({ how, value }) => ({
          how: `an item: ${how}`,
          value: [value],
        })),
      );
    }
  }
  if ((schema.type === 'integer' || schema.type === 'number') && schema.maximum !== undefined) {
    variants.push(fc.constant({ how: 'over maximum', value: schema.maximum + 1 }));
  }
  if (schema.type === 'object' || schema.properties) {
    variants.push(...invalidObject(schema, pool));
  }
  return fc.oneof(...variants);
}

function invalidObject(
  schema: JsonSchema,
  pool: ValuePool,
): Array<fc.Arbitrary<{ how: string; value: unknown }>> {
  const properties = Object.entries(schema.properties ?? {});
  const valid = validObject(schema, pool);
  const variants: Array<fc.Arbitrary<{ how: string; value: unknown }>> = [
    fc
      .tuple(
        valid,
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((key) => !(key in (schema.properties ?? {}))),
        anyJson,
      )
      .map(([value, key, extra]) => ({ how: 'an extra field', value: { ...value, [key]: extra } })),
    fc
      .integer({ min: 33, max: 60 })
      .map((depth) => ({ how: 'nested deeper than data allows', value: nested(depth) })),
  ];
  const required = schema.required ?? [];
  if (required.length > 0) {
    variants.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([value, key]) => {
        const rest = { ...value };
        delete rest[key];
        return { how: `missing ${key}`, value: rest };
      }),
    );
  }
  if (properties.length > 0) {
    variants.push(
      fc.constantFrom(...properties).chain(([key, child]) =>
        fc.tuple(valid, invalidValue(child, pool, key)).map(([value, bad]) => ({
          how: `${key}: ${bad.how}`,
          value: { ...value, [key]: bad.value },
        })),
      ),
    );
  }
  return variants;
}

function nested(depth: number): unknown {
  let value: unknown = {};
  for (let level = 1; level < depth; level++) {
    value = { a: value };
  }
  return value;
}

function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const byType: Record<string, fc.Arbitrary<unknown>> = {
    string: anyText,
    integer: fc.integer(),
    number: fc.double({ noNaN: true, noDefaultInfinity: true }),
    boolean: fc.boolean(),
    array: fc.array(anyJson, { maxLength: 3 }),
    object: fc.dictionary(fc.string({ maxLength: 5 }), anyJson, { maxKeys: 3 }),
    null: fc.constant(null),
  };
  const own = schema.type ?? (schema.properties ? 'object' : 'none');
  const others = Object.entries(byType)
    .filter(
      ([type]) =>
        type !== own &&
        !(own === 'number' && type === 'integer') &&
        !(schema.nullable && type === 'null'),
    )
    .map(([, arbitrary]) => arbitrary);
  return fc.oneof(...others);
}
