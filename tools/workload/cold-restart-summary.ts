import type { ColdRestartFigures, RestartVariant, RestartWindow } from './cold-restart';
import { count, milliseconds, rate } from './figure-format';

const window = (figures: RestartWindow): string =>
  `hit rate ${rate(figures.hitRate)} (${count(figures.hits)} of ${count(figures.reads)} reads; ` +
  `${rate(figures.hotShare)} from hot; CPU ${milliseconds(figures.cpuMsPerRequest)} a request)`;

const variant = (label: string, figures: RestartVariant): string =>
  `${label}: first minute ${window(figures.firstMinute)}; first ten minutes ${window(figures.firstTenMinutes)}; ` +
  `ready after ${Math.round(figures.readyMs)} ms with ${count(figures.statementsUntilReady)} source statements, ` +
  `start-up warming ${figures.startup.state}, ${count(figures.startup.loaded)} of ${count(figures.startup.predicted)} ` +
  `predicted entries copied from the warm tier (${count(figures.startup.bytes)} bytes; skipped: ` +
  `${count(figures.startup.skipped.absent)} not in a shared tier, ${count(figures.startup.skipped.expired)} expired, ` +
  `${count(figures.startup.skipped.outdated)} outdated)`;

/** The cold restart's lines, for stdout and for BENCHMARKS.md alike. */
export function coldRestartLines(figures: ColdRestartFigures | undefined): string[] {
  if (figures === undefined) {
    return [
      'cold restart: not measured (the span has no mid-morning with an hour of history and ten minutes after it)',
    ];
  }
  return [
    `cold restart at ${figures.timeOfDay} of simulated day ${figures.day} (api process restarted, hot tier lost, warm and cold tiers kept; reads wait for readiness):`,
    `- ${variant('with start-up warming', figures.withStartup)}`,
    `- ${variant('without start-up warming', figures.withoutStartup)}`,
  ];
}
