import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import supertest from 'supertest';

/** One answer the app gave during a suite, as the client saw it. */
export interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: unknown;
  text: string;
}

type Schema = Record<string, unknown>;

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  components?: Schema;
}

interface ResponseObject {
  content?: Record<string, { schema?: Schema }>;
}

/**
 * A supertest agent that records every response it receives, so a suite's requests can be
 * replayed against the OpenAPI document (every e2e suite does: see openApiTestApp's close).
 */
export function recordingAgent(
  server: Parameters<typeof supertest>[0],
  responses: RecordedResponse[],
): supertest.Agent {
  const agent = supertest(server);
  const methods = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !methods.has(property) || typeof value !== 'function') {
        return value;
      }
      return (path: string, ...rest: unknown[]) => {
        const test = (value as (...args: unknown[]) => supertest.Test).call(target, path, ...rest);
        return test.on('response', (response: supertest.Response) => {
          responses.push({
            method: property,
            path: new URL(path, 'http://app').pathname,
            status: response.status,
            contentType: String(response.headers['content-type'] ?? ''),
            body: response.body as unknown,
            text: response.text,
          });
        });
      };
    },
  });
}

interface Operation {
  template: string;
  pattern: RegExp;
  literals: number;
  method: string;
  responses: Record<string, ResponseObject>;
}

/** Checks recorded responses against the response schemas the document declares, per status. */
export class OpenApiConformance {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly operations: Operation[];
  private readonly validators = new Map<Schema, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ components: document.components ?? {} }, 'openapi');
    this.operations = Object.entries(document.paths).flatMap(([template, methods]) => {
      const segments = template.split('/');
      const pattern = new RegExp(
        `^${segments.map((segment) => (/^\{.+\}$/.test(segment) ? '[^/]+' : escape(segment))).join('/')}$`,
      );
      const literals = segments.filter((segment) => !segment.startsWith('{')).length;
      return Object.entries(methods).map(([method, operation]) => ({
        template,
        pattern,
        literals,
        method,
        responses: operation.responses ?? {},
      }));
    });
  }

  /** Every way the responses differ from the document; responses to no documented route are skipped. */
  problems(responses: readonly RecordedResponse[]): string[] {
    return responses.flatMap((response) => this.problemsOf(response));
  }

  /** How many of the responses answered a documented operation. */
  covered(responses: readonly RecordedResponse[]): number {
    return responses.filter((response) => this.operationOf(response)).length;
  }

  private problemsOf(response: RecordedResponse): string[] {
    const operation = this.operationOf(response);
    if (!operation) {
      return [];
    }
    const where = `${response.method.toUpperCase()} ${response.path} → ${response.status} (${operation.template})`;
    const declared = operation.responses[String(response.status)] ?? operation.responses['default'];
    if (!declared) {
      return [`${where}: the document declares no such status`];
    }
    if (!declared.content) {
      return response.text === '' ? [] : [`${where}: declared without a body, but one came`];
    }
    const declaredTypes = Object.entries(declared.content);
    const matching = declaredTypes.find(([type]) => response.contentType.startsWith(type));
    if (!matching) {
      const names = declaredTypes.map(([type]) => type).join(', ');
      return [`${where}: answered ${response.contentType}, declared ${names}`];
    }
    const [mediaType, media] = matching;
    if (!media.schema) {
      return [];
    }
    const validate = this.validatorOf(media.schema);
    const body = mediaType === 'application/json' ? response.body : response.text;
    if (validate(body)) {
      return [];
    }
    return [
      `${where}: ${this.ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`,
    ];
  }

  private operationOf(response: RecordedResponse): Operation | undefined {
    return this.operations
      .filter(
        (operation) =>
          operation.method === response.method && operation.pattern.test(response.path),
      )
      .sort((a, b) => b.literals - a.literals)[0];
  }

  private validatorOf(schema: Schema): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(rebased(schema));
      this.validators.set(schema, validate);
    }
    return validate;
  }
}

/** The document's `#/components/...` references, pointed at the schema registered as `openapi`. */
function rebased(schema: Schema): Schema {
  return JSON.parse(
    JSON.stringify(schema).replace(/"\$ref":"#\/components\//g, '"$ref":"openapi#/components/'),
  ) as Schema;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Validates a document as OpenAPI with @seriousme/openapi-schema-validator. The package is an
 * ES module that finds its schemas through import.meta, which Jest's CommonJS cannot load, so it
 * runs in a Node process of its own.
 */
export function validateOpenApiDocument(document: unknown): { valid: boolean; errors?: unknown } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const result = await new Validator().validate(JSON.parse(input));
    process.stdout.write(JSON.stringify({ valid: result.valid, errors: result.errors }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(document),
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`the OpenAPI validator failed: ${run.stderr}`);
  }
  return JSON.parse(run.stdout) as { valid: boolean; errors?: unknown };
}
