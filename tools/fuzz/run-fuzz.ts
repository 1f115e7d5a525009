import { sendRawHttp } from '@strata/platform/testing';
import fc from 'fast-check';
import { setTimeout as sleep } from 'node:timers/promises';
import { FuzzFigures } from './fuzz-figures';
import { reproduction, toWire, type FuzzRequest } from './fuzz-request';
import { FUZZ_HTTP_TIMEOUT_MS, type FuzzTarget, type TargetState } from './fuzz-target';
import type { OperationSpec } from './openapi-operations';
import { Oracle } from './oracle';
import { operationRequest, unroutedRequest } from './request-arbitrary';
import type { ValuePool } from './value-pool';

/** Every answer comes within this, the stalling requests' 408 included. */
const ANSWER_BOUND_MS = 2 * FUZZ_HTTP_TIMEOUT_MS + 15_000;

export interface FuzzRun {
  figures: FuzzFigures;
  /** The minimal failing request and what was wrong with it, when the run found something. */
  finding?: string;
}

/**
 * Sends `requests` generated requests to the target, one at a time, and judges each: the answer
 * (Oracle), and for a rejected request or any read, that the source of truth and the cache's
 * entry counts are as they were. The first finding stops the run; fast-check then shrinks it to
 * the smallest request that still fails, which is reported with the bytes to replay it.
 */
export async function runFuzz(
  target: FuzzTarget,
  operations: OperationSpec[],
  pool: ValuePool,
  options: {
    requests: number;
    seed: number;
    /** Stop after this long even if fewer requests were sent; the figures say how many were. */
    timeLimitMs?: number;
    onProgress?: (figures: FuzzFigures) => void;
  },
): Promise<FuzzRun> {
  const figures = new FuzzFigures();
  const oracle = new Oracle({ keysConfigured: target.keys !== undefined });
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  const templates = [...new Set(operations.map((operation) => operation.path))];
  // Built once per operation: rebuilding them for every request cost ~2 ms of the fuzzer's CPU
  // a request (fast-check's string arbitraries index their characters when made). They read the
  // pool when they draw, so they still name what the server has answered since.
  const built = new Map(
    operations.map((operation) => [operation, operationRequest(operation, pool, target.keys)]),
  );
  const requests = fc.oneof(
    {
      arbitrary: fc
        .constantFrom(...operations)
        .chain(
          (operation) => built.get(operation) ?? operationRequest(operation, pool, target.keys),
        ),
      weight: 12,
    },
    { arbitrary: unroutedRequest(templates, target.keys), weight: 1 },
  );
  let before = await target.snapshot();
  let lastProblems: string[] = [];

  const check = async (request: FuzzRequest): Promise<void> => {
    const response = await sendRawHttp({
      port: target.port,
      request: toWire(request),
      timeoutMs: ANSWER_BOUND_MS,
      untilAnswered: true,
    });
    figures.record(request, response);
    if (figures.requests % 1_000 === 0) {
      options.onProgress?.(figures);
    }
    const problems = oracle.judge(request, response, byId.get(request.operation));
    if (!target.server.running) {
      problems.push(`the api process exited; its last output:\n${target.server.log.slice(-3_000)}`);
    }
    if (problems.length === 0) {
      const after = await target.snapshot();
      const succeeded = response.status >= 200 && response.status < 300;
      const isRead = ['GET', 'HEAD', 'OPTIONS'].includes(request.method);
      // Bytes after the head of a read that declares no length are a second request (HTTP/1.1):
      // the read itself is served, and may fill the cache, though the answer is the second's 400.
      const pipelinedRead = isRead && request.length === 'omit' && request.body !== undefined;
      // A rejected request changes nothing; a read may fill the cache, but never the source.
      const kept: Array<keyof TargetState> =
        succeeded || pipelinedRead ? (isRead ? ['source'] : []) : ['source', 'cache'];
      if (kept.some((part) => after[part] !== before[part])) {
        const change = await confirmChange(target, request, kept);
        if (change !== undefined) {
          problems.push(
            `a ${response.status} ${request.method} changed what it must not: ${change}`,
          );
        } else {
          figures.unconfirmedChanges += 1;
        }
        before = await target.snapshot();
      } else {
        before = after;
      }
    }
    if (response.status >= 200 && response.status < 300) {
      try {
        pool.addFromAnswer(JSON.parse(response.body.toString('utf8')));
      } catch {
        // Not JSON (a 204, the metrics text): nothing to learn.
      }
    }
    lastProblems = problems;
    if (problems.length > 0) {
      throw new Error(problems.join('; '));
    }
  };

  const details = await fc.check(fc.asyncProperty(requests, check), {
    numRuns: options.requests,
    seed: options.seed,
    endOnFailure: false,
    ...(options.timeLimitMs === undefined
      ? {}
      : { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false }),
  });
  if (!details.failed || details.counterexample === null) {
    return { figures };
  }
  figures.findings = 1;
  const [minimal] = details.counterexample;
  // Judged once more, so the report names what is wrong with the minimal request itself.
  await check(minimal).catch(() => undefined);
  return {
    figures,
    finding: [
      `FINDING on ${target.name} (seed ${details.seed}, path ${details.counterexamplePath ?? '?'}, after ${details.numRuns} runs and ${details.numShrinks} shrinks):`,
      `  ${(lastProblems.length > 0 ? lastProblems : [`(not reproduced on replay) ${String(details.errorInstance)}`]).join('\n  ')}`,
      reproduction(minimal, target.port),
    ].join('\n'),
  };
}

/**
 * Whether the change seen after a request is the request's doing: replayed on a settled server,
 * it changes the state again. A change it does not make again was background work (a promotion
 * landing late) and is counted, not reported. The server counts as settled once two looks 300 ms
 * apart agree: on a loaded machine fills can land for seconds after their answers.
 */
async function confirmChange(
  target: FuzzTarget,
  request: FuzzRequest,
  kept: Array<keyof TargetState>,
): Promise<string | undefined> {
  const settled = await settledState(target);
  await sendRawHttp({
    port: target.port,
    request: toWire(request),
    timeoutMs: ANSWER_BOUND_MS,
    untilAnswered: true,
  });
  const replayed = await target.snapshot();
  const moved = kept.filter((part) => settled[part] !== replayed[part]);
  return moved.length === 0
    ? undefined
    : moved
        .map((part) => `${part} before ${settled[part]}\n  ${part} after  ${replayed[part]}`)
        .join('\n  ');
}

/** The state once it has stopped moving (two looks 300 ms apart agree), or after about 6 s. */
async function settledState(target: FuzzTarget): Promise<TargetState> {
  let last = await target.snapshot();
  for (let look = 0; look < 20; look++) {
    await sleep(300);
    const now = await target.snapshot();
    if (now.source === last.source && now.cache === last.cache) {
      return now;
    }
    last = now;
  }
  return last;
}
