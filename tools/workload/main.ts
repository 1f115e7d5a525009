// npm run bench:workload [-- --quick]: a simulated day of platform traffic through the real
// modules, cache on and cache off, checked read by read against the writes it made.
import 'reflect-metadata';
import { writeBenchmarkSection } from '../bench/report/benchmarks-file';
import { createProgress } from '../harness/progress';
import { parseWorkloadCli, USAGE } from './cli-options';
import { printWorkloadSummary } from './console-summary';
import { runWorkload } from './run-workload';
import { workloadMarkdown } from './workload-markdown';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { options, quick, help } = parseWorkloadCli(argv, process.env);
  if (help) {
    console.log(USAGE);
    return;
  }
  const progress = createProgress('bench:workload');
  const report = await runWorkload({ ...options, progress }).finally(() => progress.close());
  printWorkloadSummary(report);
  if (!quick) {
    const command = ['npm run bench:workload', ...(argv.length > 0 ? ['--', ...argv] : [])];
    writeBenchmarkSection('workload', command.join(' '), workloadMarkdown(report));
  }
  console.log(JSON.stringify(report.headline));
  // A stale read is a correctness failure of the cache, not a slow figure: fail the command.
  if (report.headline.staleReads > 0) {
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
