import type { FaultResult } from './faults';
import type { ClusterRunSettings, TopologyResult } from './main';
import type { PropagationResult } from './propagation';
import {
  allowedLoads,
  singleFlightMet,
  type FlightCounts,
  type SingleFlightResult,
} from './single-flight';

/** One goal of issue 8 as one topology measured it. */
export interface GoalCheck {
  topology: string;
  goal: string;
  met: boolean;
  measured: string;
}

/** Propagation p99 on loopback (issue 8's goal). */
export const PROPAGATION_P99_GOAL_MS = 10;

/** Every goal the run can judge, per topology: the harness passes when all are met. */
export function goalChecks(results: readonly TopologyResult[]): GoalCheck[] {
  return results.flatMap((result) => [
    ...propagationChecks(result.topology, 'quiet', result.quiet.propagation),
    ...propagationChecks(result.topology, 'while writing', result.whileWriting.propagation),
    flightCheck(result.topology, 'quiet', result.quiet.singleFlight),
    flightCheck(result.topology, 'while writing', result.whileWriting.singleFlight),
    flightCheck(result.topology, 'key written mid-burst', result.whileWriting.keyWritten),
    ...result.faults.flatMap((fault) => faultChecks(result.topology, fault)),
  ]);
}

function propagationChecks(topology: string, load: string, result: PropagationResult): GoalCheck[] {
  return [
    {
      topology,
      goal: `propagation ${load}: every write seen on B, p99 < ${PROPAGATION_P99_GOAL_MS} ms`,
      met: result.propagated === result.trials && result.p99Ms < PROPAGATION_P99_GOAL_MS,
      measured: `${result.propagated} of ${result.trials}, p99 ${result.p99Ms.toFixed(1)} ms`,
    },
    {
      topology,
      goal: `propagation ${load}: 0 stale after the bound`,
      met: result.staleAfterBound === 0,
      measured: String(result.staleAfterBound),
    },
  ];
}

function flightCheck(topology: string, load: string, result: SingleFlightResult): GoalCheck {
  const allowed = result.writesPerKey.map(allowedLoads).join(', ');
  return {
    topology,
    goal: `single flight ${load}: loads per key ≤ 1 + writes of it (${allowed}), 0 stale, 0 non-2xx`,
    met: singleFlightMet(result),
    measured: `${result.loadsPerKey.join(', ')}; stale ${result.stale}; non-2xx ${result.non2xx}; ${flightSummary(result)}`,
  };
}

/**
 * What the flight did for each key that cost more loads than allowed (or over every key when
 * none did), so that a failed check says where the extra load came from.
 */
function flightSummary(result: SingleFlightResult): string {
  const over = result.loadsPerKey.flatMap((loads, key) =>
    loads > allowedLoads(result.writesPerKey[key] ?? 0) ? [key] : [],
  );
  if (over.length === 0) {
    return `all keys: ${flightFigures(result.flight)}`;
  }
  return over.map((key) => `key ${key}: ${flightFigures(result.flightPerKey[key])}`).join('; ');
}

function flightFigures(flight: FlightCounts | undefined): string {
  return flight === undefined
    ? 'not recorded'
    : `waited ${flight.waited}, took shared ${flight.tookShared}, lock down ${flight.lockUnavailable}, refused writes ${flight.refusedWrites}, background failures ${flight.backgroundFailures}`;
}

function faultChecks(topology: string, fault: FaultResult): GoalCheck[] {
  const checks: GoalCheck[] = [
    {
      topology,
      goal: `${fault.fault}: recovery without a restart, 0 stale after it`,
      met: Number.isFinite(fault.recoveryMs) && fault.staleAfterRecovery === 0,
      measured: `${Number.isFinite(fault.recoveryMs) ? `${fault.recoveryMs.toFixed(0)} ms` : 'not recovered'}, stale ${fault.staleAfterRecovery}`,
    },
  ];
  if (fault.fault !== 'postgres-paused') {
    // With the source of truth paused a read that misses every tier cannot answer: only the
    // Redis and replica faults promise every read.
    checks.push({
      topology,
      goal: `${fault.fault}: 0 non-2xx reads`,
      met: fault.readsNon2xx === 0,
      measured: `${fault.readsNon2xx} of ${fault.reads}`,
    });
  } else {
    checks.push({
      topology,
      goal: `${fault.fault}: cached reads keep answering`,
      met: fault.cachedReadsNon2xx === 0,
      measured: `${fault.cachedReadsNon2xx} cached reads non-2xx`,
    });
  }
  return checks;
}

/** The goals as a table, failed ones first marked. */
export function goalsMarkdown(checks: readonly GoalCheck[], settings: ClusterRunSettings): string {
  const failed = checks.filter((check) => !check.met).length;
  return [
    `*Goals* (bound ${settings.boundMs} ms): ${failed === 0 ? '**PASS**, every goal met' : `**FAIL**, ${failed} of ${checks.length} not met`}.`,
    '',
    '| topology | goal | measured | met |',
    '|---|---|---|---|',
    ...checks.map(
      (check) =>
        `| ${check.topology} | ${check.goal} | ${check.measured} | ${check.met ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
}
