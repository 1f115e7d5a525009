// The workload simulator as a library: the TTL-policy and warming issues rerun it with their options.
export { runWorkload } from './run-workload';
export type { WorkloadHeadline, WorkloadReport } from './run-workload';
export {
  defaultWorkloadOptions,
  DEFAULT_READ_MIX,
  DEFAULT_WRITES_PER_DAY,
  FULL_DATASET,
  WRITTEN_TYPES,
} from './workload-options';
export type { ReadMix, WorkloadOptions, WriteRates, WrittenType } from './workload-options';
export type { ExtraCacheOptions } from './workload-application';
export { generateSchedule } from './workload-schedule';
export type { SimulatedEvent } from './simulated-event';
export { DESIGN_TARGETS, OUR_TARGETS } from './kpi-targets';
export { workloadMarkdown } from './workload-markdown';
