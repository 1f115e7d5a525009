import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { STATUS_CODES } from 'node:http';
import type { RawHttpResponse } from '@strata/platform/testing';
import type { FuzzRequest } from './fuzz-request';
import { declaredResponse, type JsonSchema, type OperationSpec } from './openapi-operations';

/** What the judge knows about the target besides the request and its answer. */
export interface JudgeContext {
  keysConfigured: boolean;
}

/**
 * Everything wrong with one answer, by DESIGN §8 and the document: an empty list when nothing is.
 * Whatever the request, the answer comes (no hang), is no 5xx, and an error is the one JSON shape
 * with its status's own text; a 2xx of an operation is one the document declares and matches
 * its schema; what the document forbids is not accepted.
 */
export class Oracle {
  private readonly ajv = new Ajv({ strict: false, allErrors: false });
  private readonly validators = new Map<JsonSchema, ValidateFunction>();

  constructor(private readonly context: JudgeContext) {
    addFormats(this.ajv);
  }

  judge(
    request: FuzzRequest,
    response: RawHttpResponse,
    operation: OperationSpec | undefined,
  ): string[] {
    if (response.timedOut || response.status === 0) {
      return [
        `no answer within ${Math.round(response.elapsedMs)} ms${response.timedOut ? ' (hang)' : ' (connection closed without a response)'}`,
      ];
    }
    const problems: string[] = [];
    const { status } = response;
    if (status >= 500) {
      problems.push(`answered ${status}`);
    }
    if (status >= 400 && request.method !== 'HEAD') {
      problems.push(...errorShapeProblems(response));
    }
    if (status === 405 && !(response.headers['allow'] ?? '').trim()) {
      problems.push('405 without an Allow header');
    }
    if ((status === 429 || status === 503) && response.headers['retry-after'] === undefined) {
      problems.push(`${status} without Retry-After`);
    }
    if ((status === 401 || status === 403 || status === 429) && !this.context.keysConfigured) {
      problems.push(`${status} from a server without keys`);
    }
    if (status >= 200 && status < 300) {
      if (request.invalidPerDocument) {
        problems.push(`accepted (${status}) a request the document rules out (${request.variant})`);
      }
      if (operation !== undefined && request.routed) {
        problems.push(...this.successProblems(operation, response, request.method === 'HEAD'));
      }
    }
    return problems;
  }

  private successProblems(
    operation: OperationSpec,
    response: RawHttpResponse,
    head: boolean,
  ): string[] {
    const { declared, schema } = declaredResponse(operation, response.status);
    if (!declared) {
      return [`${operation.id} answered ${response.status}, which the document does not declare`];
    }
    if (schema === undefined || head || response.status === 204) {
      return [];
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      return [`${response.status} body is not JSON though the document declares a schema`];
    }
    let validate = this.validators.get(schema);
    if (validate === undefined) {
      validate = this.ajv.compile(schema);
      this.validators.set(schema, validate);
    }
    if (!validate(body)) {
      return [
        `${response.status} body does not match the declared schema: ${this.ajv.errorsText(validate.errors)}`,
      ];
    }
    return [];
  }
}

function errorShapeProblems(response: RawHttpResponse): string[] {
  if (!/^application\/json/.test(response.headers['content-type'] ?? '')) {
    return [
      `${response.status} with content-type ${response.headers['content-type'] ?? '(none)'}, not JSON`,
    ];
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return [
      `${response.status} body is not JSON: ${JSON.stringify(response.body.toString('utf8').slice(0, 200))}`,
    ];
  }
  const shape = body as Record<string, unknown>;
  const keys =
    typeof body === 'object' && body !== null ? Object.keys(shape).sort().join(',') : typeof body;
  if (keys !== 'error,message,statusCode') {
    return [
      `${response.status} body is not {statusCode, error, message}: ${JSON.stringify(body).slice(0, 300)}`,
    ];
  }
  const problems: string[] = [];
  if (shape['statusCode'] !== response.status) {
    problems.push(
      `body says statusCode ${String(shape['statusCode'])}, the response ${response.status}`,
    );
  }
  if (shape['error'] !== STATUS_CODES[response.status]) {
    problems.push(
      `${response.status} says error "${String(shape['error'])}", not "${STATUS_CODES[response.status]}"`,
    );
  }
  if (typeof shape['message'] !== 'string' || shape['message'] === '') {
    problems.push(`${response.status} has no message`);
  }
  return problems;
}
