// npm run bench:adapter [-- --quick]: Nest on Fastify against Nest on Express, serving the same
// constant JSON route, measured with autocannon in alternating rounds from this process while
// the server runs in its own.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createProgress } from '../../harness/progress';
import { writeBenchmarkSection } from '../report/benchmarks-file';
import { median } from '../report/statistics';

const ADAPTERS = ['fastify', 'express'] as const;
type AdapterName = (typeof ADAPTERS)[number];

interface Round {
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

async function startServer(adapter: AdapterName, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['dist/tools/bench/adapter-server.js', adapter, String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = (await Promise.race([
    once(child.stdout, 'data'),
    once(child, 'exit').then(() => {
      throw new Error(`${adapter} server exited before it was ready`);
    }),
  ])) as [Buffer];
  if (!line.toString().includes('ready')) {
    throw new Error(`${adapter} server said: ${line.toString()}`);
  }
  return child;
}

async function measure(adapter: AdapterName, seconds: number, port: number): Promise<Round> {
  const server = await startServer(adapter, port);
  try {
    const url = `http://127.0.0.1:${port}/bare`;
    await autocannon({ url, connections: 32, duration: 1 }); // warm-up: JIT and connection set-up
    const result = await autocannon({ url, connections: 32, duration: seconds });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${adapter}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
    }
    return {
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
    };
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const rounds = values.quick ? 1 : 3;
  const seconds = values.quick ? 2 : 8;
  const results: Record<AdapterName, Round[]> = { fastify: [], express: [] };
  const progress = createProgress('bench:adapter');
  const runs = progress.phase('runs', rounds * ADAPTERS.length);
  for (let round = 0; round < rounds; round++) {
    // Alternate which adapter goes first, so drift in the machine's speed favours neither.
    const order = round % 2 === 0 ? ADAPTERS : [...ADAPTERS].reverse();
    for (const adapter of order) {
      results[adapter].push(await measure(adapter, seconds, 3950 + round));
      runs.tick();
    }
  }
  progress.close();
  const summary = Object.fromEntries(
    ADAPTERS.map((adapter) => [
      adapter,
      {
        requestsPerSecond: Math.round(median(results[adapter].map((r) => r.requestsPerSecond))),
        p50: median(results[adapter].map((r) => r.p50)),
        p99: median(results[adapter].map((r) => r.p99)),
      },
    ]),
  ) as Record<AdapterName, Round>;
  const ratio = summary.fastify.requestsPerSecond / summary.express.requestsPerSecond;
  if (!values.quick) {
    writeBenchmarkSection(
      'adapter',
      'npm run bench:adapter',
      [
        '## HTTP adapter: Nest on Fastify vs Nest on Express',
        '',
        `A constant ~2 KB JSON route, 32 connections, ${rounds} alternating rounds of ${seconds} s (medians).`,
        '',
        '| adapter | requests/s | p50 ms | p99 ms |',
        '|---|---:|---:|---:|',
        ...ADAPTERS.map(
          (adapter) =>
            `| ${adapter} | ${summary[adapter].requestsPerSecond} | ${summary[adapter].p50} | ${summary[adapter].p99} |`,
        ),
        '',
        `Fastify / Express throughput: **${ratio.toFixed(2)}×** — the api and the warmer run on Fastify.`,
      ].join('\n'),
    );
  }
  console.log(
    JSON.stringify({
      fastifyRequestsPerSec: summary.fastify.requestsPerSecond,
      expressRequestsPerSec: summary.express.requestsPerSecond,
      fastifyToExpressRatio: Number(ratio.toFixed(3)),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
