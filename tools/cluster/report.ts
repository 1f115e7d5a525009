import type { FaultResult } from './faults';
import type { ClusterRunSettings, TopologyResult } from './main';
import type { PropagationResult } from './propagation';
import type { SingleFlightResult } from './single-flight';

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '—');

function propagationRow(topology: string, load: string, result: PropagationResult): string {
  return `| ${topology} | ${load} | ${result.trials} | ${result.hotBeforeWrite} | ${result.propagated} | ${ms(result.p50Ms)} | ${ms(result.p99Ms)} | ${ms(result.maxMs)} | ${result.staleAfterBound} of ${result.readsAfterBound} |${result.stoppedEarly ? ` ${result.stoppedEarly}` : ''}`;
}

function flightRow(topology: string, load: string, result: SingleFlightResult): string {
  return `| ${topology} | ${load} | ${result.keys} | ${result.readsPerKey} | ${result.loadsPerKey.join(', ')} | ${result.non2xx} |`;
}

function faultRow(topology: string, result: FaultResult): string {
  const statuses = Object.entries(result.non2xxStatuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  return `| ${topology} | ${result.fault} | ${result.readsNon2xx} of ${result.reads} (cached ${result.cachedReadsNon2xx}) | ${result.writesNon2xx} of ${result.writes} | ${statuses || '—'} | ${ms(result.worstReadMs)} | ${ms(result.worstWriteMs)} | ${result.staleDuringFault} | ${result.staleAfterRecovery} | ${ms(result.recoveryMs)} |${result.note ? ` ${result.note}` : ''}`;
}

/** The BENCHMARKS.md section of one run of `npm run bench:cluster`. */
export function clusterMarkdown(results: TopologyResult[], settings: ClusterRunSettings): string {
  return [
    '## Cluster: two replicas and the warmer as real processes (`tools/cluster`)',
    '',
    'Each topology runs two api processes and the warmer, each on its own port, on servers the harness',
    'starts itself on spare ports (its own PostgreSQL from initdb, its own redis-server; the embedded',
    'default on SQLite files in a temporary directory), driven over HTTP from the harness process.',
    '**The machine is shared and loaded** (two cores, several other sessions running tests): latencies',
    'include that noise.',
    '',
    `*Propagation*: B reads a project until its hot tier holds it, A patches it, B reads back to back; the`,
    `time from A's acknowledgement to the start of B's first read answering the new version (watched for`,
    `2 s). *Stale after bound*: B's reads begun more than ${settings.boundMs} ms after the acknowledgement`,
    'that answered an older version. *While writing*: two more loops patch other projects through both',
    'replicas meanwhile (the harness is the third process).',
    '',
    '| topology | load | trials | B hot before the write | propagated | p50 ms | p99 ms | max ms | stale after bound |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...results.flatMap((result) => [
      propagationRow(result.topology, 'quiet', result.quiet.propagation),
      propagationRow(result.topology, 'while writing', result.whileWriting.propagation),
    ]),
    '',
    `*Single flight*: concurrent first reads of one resolved project context, alternating between the`,
    `replicas; the source loads of the \`context\` type on both replicas (goal: 1 per key).`,
    '',
    '| topology | load | keys | reads per key | loads per key | non-2xx |',
    '|---|---|---:|---:|---|---:|',
    ...results.flatMap((result) => [
      flightRow(result.topology, 'quiet', result.quiet.singleFlight),
      flightRow(result.topology, 'while writing', result.whileWriting.singleFlight),
    ]),
    '',
    `*Faults*, ${settings.faultMs / 1000} s each, injected for real on the harness's own servers under load (readers on both`,
    'replicas reading 4 written and 4 only-read projects back to back, a writer patching the written ones',
    'every 25 ms). Counted from the fault until both replicas are ready and not degraded again',
    '(after PostgreSQL, until a write succeeds); *recovery* is that time after the fault ended, with no',
    'manual step. *Stale after recovery* must be 0.',
    '',
    '| topology | fault | reads non-2xx | writes non-2xx | statuses | worst read ms | worst write ms | stale during | stale after recovery | recovery ms |',
    '|---|---|---:|---:|---|---:|---:|---:|---:|---:|',
    ...results.flatMap((result) => result.faults.map((fault) => faultRow(result.topology, fault))),
  ].join('\n');
}
