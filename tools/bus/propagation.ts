import type { Phase } from '../harness/progress';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReplicaPair } from './replica-pair';

export interface PropagationFigures {
  trials: number;
  /** Write acknowledged on A → first read on B answering the new version, per trial, in ms. */
  samples: number[];
  /** Trials whose new version B had not answered within the bound. */
  notSeen: number;
  /** B's reads per trial until it answered the new version (the read loop's granularity). */
  readsPerTrial: number;
  /** Round trip of one hot read on B, per trial: what every sample includes at least once. */
  hotReadMs: number[];
  /** The bus's own delay on B per trial (publish on A → handler on B, from B's stats). */
  busLagMs: number[];
}

interface GlobalRead {
  version: number;
  cache: string | null;
}

async function readGlobal(baseUrl: string): Promise<GlobalRead> {
  const response = await fetch(`${baseUrl}/v1/global`);
  const body = (await response.json()) as { version: number };
  return { version: body.version, cache: response.headers.get('x-cache') };
}

/**
 * Each trial: B reads the global context until its hot tier holds it, A replaces it, and B reads
 * back to back from A's acknowledgement until it answers the new version (or `boundMs` passes).
 * The time measured includes one read's round trip: it is an upper bound of the bus's delay.
 */
export async function measurePropagation(
  pair: ReplicaPair,
  trials: number,
  boundMs: number,
  phase?: Phase,
): Promise<PropagationFigures> {
  const samples: number[] = [];
  const hotReadMs: number[] = [];
  const busLagMs: number[] = [];
  let notSeen = 0;
  let reads = 0;
  for (let trial = 0; trial < trials; trial++) {
    let held = await readGlobal(pair.b.baseUrl);
    for (let attempt = 0; attempt < 20 && held.cache !== 'hot'; attempt++) {
      held = await readGlobal(pair.b.baseUrl);
    }
    if (held.cache !== 'hot') {
      throw new Error(`B's hot tier never held the global context (x-cache ${held.cache})`);
    }
    const readStart = performance.now();
    await readGlobal(pair.b.baseUrl);
    hotReadMs.push(performance.now() - readStart);
    const written = await fetch(`${pair.a.baseUrl}/v1/global`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { trial } }),
    });
    const { version } = (await written.json()) as { version: number };
    const acknowledgedAt = performance.now();
    let seen = false;
    while (performance.now() - acknowledgedAt < boundMs) {
      reads += 1;
      if ((await readGlobal(pair.b.baseUrl)).version >= version) {
        samples.push(performance.now() - acknowledgedAt);
        seen = true;
        break;
      }
    }
    if (!seen) {
      notSeen += 1;
    }
    const lag = await busLag(pair.b.baseUrl);
    if (lag !== undefined) {
      busLagMs.push(lag);
    }
    // Lets the writer's own background work settle, so that trials do not overlap.
    await sleep(2);
    phase?.tick();
  }
  return { trials, samples, notSeen, readsPerTrial: reads / trials, hotReadMs, busLagMs };
}

/** The last invalidation's delay as B's bus measured it; undefined without a bus. */
async function busLag(baseUrl: string): Promise<number | undefined> {
  const stats = (await (await fetch(`${baseUrl}/v1/cache/stats`)).json()) as {
    bus?: { lastLagMs?: number };
  };
  return stats.bus?.lastLagMs;
}
