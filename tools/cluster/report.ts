import type { FaultResult } from './faults';
import { goalChecks, goalsMarkdown } from './goals';
import type { ClusterRunSettings, TopologyResult } from './main';
import type { PropagationResult } from './propagation';
import type { SingleFlightResult } from './single-flight';

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '—');

function propagationRow(topology: string, load: string, result: PropagationResult): string {
  return `| ${topology} | ${load} | ${result.trials} | ${result.hotBeforeWrite} | ${result.propagated} | ${ms(result.p50Ms)} | ${ms(result.p99Ms)} | ${ms(result.maxMs)} | ${result.staleAfterBound} of ${result.readsAfterBound} |${result.stoppedEarly ? ` ${result.stoppedEarly}` : ''}`;
}

function flightRow(topology: string, load: string, result: SingleFlightResult): string {
  return `| ${topology} | ${load} | ${result.keys} | ${result.readsPerKey} | ${result.loadsPerKey.join(', ')} | ${result.writesPerKey.map((writes) => 1 + writes).join(', ')} | ${result.stale} | ${result.flight.waited} / ${result.flight.tookShared} / ${result.flight.lockUnavailable} | ${result.circuitsNotClosed} | ${result.non2xx} |`;
}

function faultRow(topology: string, result: FaultResult): string {
  const statuses = Object.entries(result.non2xxStatuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  return `| ${topology} | ${result.fault} | ${result.readsNon2xx} of ${result.reads} (cached ${result.cachedReadsNon2xx}) | ${result.writesNon2xx} of ${result.writes} | ${statuses || '—'} | ${ms(result.worstReadMs)} | ${ms(result.worstWriteMs)} | ${result.staleDuringFault} | ${result.staleAfterRecovery}${staleFrom(result)} | ${ms(result.recoveryMs)} |${result.note ? ` ${result.note}` : ''}`;
}

function staleFrom(result: FaultResult): string {
  const from = Object.entries(result.staleAfterRecoveryFrom);
  return from.length === 0
    ? ''
    : ` (${from.map(([where, count]) => `${where}×${count}`).join(' ')})`;
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
    `replicas; the source loads of the \`context\` type on both replicas. Goal: once per key per`,
    `invalidation: a load begun before a write of the key may be neither served to a read begun`,
    `after it nor stored after it, so each write acknowledged during the burst allows one load more`,
    `(*allowed*). *Key written mid-burst*: half the reads go out, the key is patched, the other half`,
    `follow ${settings.boundMs} ms after the write's answer and must all answer the new data (*stale*: those that did`,
    `not). *Waited / took shared / lock down*: the cluster flight's misses that waited for another`,
    `process's load, took its value from the shared tier, and found the lock service down. *Circuit`,
    `open after*: keys after whose burst a replica's warm or cold breaker was open (calls past its 250 ms`,
    `timeout on a loaded machine): the tier is skipped, no value reaches a waiter, and each loads.`,
    '',
    '| topology | load | keys | reads per key | loads per key | allowed | stale | waited / took shared / lock down | circuit open after | non-2xx |',
    '|---|---|---:|---:|---|---|---:|---|---:|---:|',
    ...results.flatMap((result) => [
      flightRow(result.topology, 'quiet', result.quiet.singleFlight),
      flightRow(result.topology, 'while writing', result.whileWriting.singleFlight),
      flightRow(result.topology, 'key written mid-burst', result.whileWriting.keyWritten),
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
    '',
    goalsMarkdown(goalChecks(results), settings),
  ].join('\n');
}
