/** The part of a JSON Schema (OpenAPI 3.0 flavour) the fuzzer reads. */
export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  nullable?: boolean;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
  $ref?: string;
}

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

/** One operation of the document, its references resolved. */
export interface OperationSpec {
  /** `METHOD /path/{template}`: how figures and findings name it. */
  id: string;
  method: string;
  /** The path template, `{name}` for each path parameter. */
  path: string;
  parameters: ParameterSpec[];
  body?: { required: boolean; schema: JsonSchema };
  /** Declared statuses (`200`, `4XX`, `default`) and the JSON schema of each, when it has one. */
  responses: Map<string, JsonSchema | undefined>;
  /** Whether the document says a key is needed. */
  secured: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  security?: Array<Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface RawOperation {
  parameters?: Array<{
    name: string;
    in: ParameterSpec['in'];
    required?: boolean;
    schema?: JsonSchema;
  }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
  security?: Array<Record<string, unknown>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation the document declares, whatever it declares: nothing here knows Strata's routes. */
export function operationsOf(document: OpenApiDocument): OperationSpec[] {
  const resolve = (schema: JsonSchema | undefined) =>
    resolveRefs(schema ?? {}, document, new Set());
  const operations: OperationSpec[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) {
        continue;
      }
      const security = operation.security ?? document.security ?? [];
      const json = operation.requestBody?.content?.['application/json'];
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters ?? []).map((parameter) => ({
          name: parameter.name,
          in: parameter.in,
          required: parameter.required ?? parameter.in === 'path',
          schema: resolve(parameter.schema),
        })),
        body: operation.requestBody
          ? { required: operation.requestBody.required ?? false, schema: resolve(json?.schema) }
          : undefined,
        responses: new Map(
          Object.entries(operation.responses ?? {}).map(([status, response]) => {
            const schema = response.content?.['application/json']?.schema;
            return [status, schema === undefined ? undefined : resolve(schema)];
          }),
        ),
        secured: security.some((requirement) => Object.keys(requirement).length > 0),
      });
    }
  }
  return operations;
}

/** The schema with every `$ref` to `#/components/schemas/…` replaced by what it names. */
function resolveRefs(schema: JsonSchema, document: OpenApiDocument, seen: Set<string>): JsonSchema {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (target === undefined || seen.has(name)) {
      // A schema that contains itself is fuzzed as anything from there on.
      return {};
    }
    return resolveRefs(target, document, new Set([...seen, name]));
  }
  const resolved: JsonSchema = { ...schema };
  const walk = (child: JsonSchema) => resolveRefs(child, document, seen);
  if (schema.items) resolved.items = walk(schema.items);
  if (schema.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, child]) => [key, walk(child)]),
    );
  }
  if (typeof schema.additionalProperties === 'object') {
    resolved.additionalProperties = walk(schema.additionalProperties);
  }
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (schema[key]) resolved[key] = schema[key]?.map(walk);
  }
  return resolved;
}

/** The declared schema for a status: its own entry, then `4XX`-style, then `default`. */
export function declaredResponse(
  operation: OperationSpec,
  status: number,
): { declared: boolean; schema?: JsonSchema } {
  for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
    if (operation.responses.has(key)) {
      return { declared: true, schema: operation.responses.get(key) };
    }
  }
  return { declared: false };
}
