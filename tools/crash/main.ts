// `npm run crash -- [--kills N] [--databases sqlite,postgres] [--victims api,warmer] [--seed S] [--write]`
// kill -9 under a write load, N times per database and victim, each followed by a restart and a
// check that nothing acknowledged was lost and that no tier serves what the source has replaced.
import { writeReliabilitySection } from '../bench/report/benchmarks-file';
import { commandLineFlags } from '../bench/report/command-line-flags';
import { appBundles } from '../harness/app-bundles';
import { createProgress } from '../harness/progress';
import type { DatabaseKind } from '../harness/scratch-database';
import { runCrashes, type CrashRunResult, type Victim } from './crash-run';

const USAGE =
  'usage: npm run crash -- [--kills N] [--databases sqlite,postgres] [--victims api,warmer] [--seed S] [--write]';

async function main(): Promise<void> {
  let kills = 20;
  let seed = 11;
  let write = false;
  let databases: DatabaseKind[] = process.env['STRATA_TEST_POSTGRES_URL']
    ? ['sqlite', 'postgres']
    : ['sqlite'];
  let victims: Victim[] = ['api', 'warmer'];
  for (const { flag, value } of commandLineFlags(process.argv.slice(2), USAGE)) {
    if (flag === '--kills') kills = Number(value());
    else if (flag === '--seed') seed = Number(value());
    else if (flag === '--databases') databases = value().split(',') as DatabaseKind[];
    else if (flag === '--victims') victims = value().split(',') as Victim[];
    else if (flag === '--write') write = true;
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  const bundles = appBundles();
  const results: CrashRunResult[] = [];
  const progress = createProgress('crash');
  const log = (line: string) => progress.print(line);
  const runs = progress.phase('databases × victims', databases.length * victims.length);
  for (const database of databases) {
    for (const victim of victims) {
      log(
        victim === 'none'
          ? `crash: control, ${kills} rounds on ${database} without a kill`
          : `crash: killing the ${victim} ${kills} times on ${database}`,
      );
      const result = await runCrashes({ database, victim, kills, seed, bundles, log });
      results.push(result);
      runs.tick();
      for (const line of [
        ...result.lost,
        ...result.olderThanAcknowledged,
        ...result.behindSource,
      ].slice(0, 20)) {
        log(`    ${line}`);
      }
    }
  }
  progress.close();
  if (write) {
    writeReliabilitySection(
      'crash',
      `npm run crash -- --kills ${kills} --databases ${databases.join(',')} --victims ${victims.join(',')} --seed ${seed}`,
      markdown(results),
    );
  }
  const failed = results.filter(
    (result) =>
      result.lost.length + result.olderThanAcknowledged.length + result.behindSource.length > 0,
  );
  console.log(`crash: ${results.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}

function markdown(results: CrashRunResult[]): string {
  return [
    '## Crash tests (kill -9)',
    '',
    'An api and a warmer as real processes on one database (`tools/crash`). Eight clients read and write',
    '(half PATCHes of tasks and projects, each writing a unique `data.seq`) until the victim is killed with',
    'SIGKILL at a random moment 0.3–2 s in; it is restarted, and with no load running every task and',
    'project is read from the source of truth itself and through the api (the entity and the resolved',
    'task context; the warm and cold tiers survive the restart). *Lost*: an acknowledged write the source',
    'does not hold. *Older*: an answer older than the last acknowledged write. *Behind*: an answer that',
    'differs from what the source holds (a tier kept a value that a committed write replaced).',
    '',
    '| database | killed | kills | writes sent | acknowledged | reads checked | lost | older than acknowledged | behind the source | kills leaving a stale tier |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (result) =>
        `| ${result.database} | ${result.victim} | ${result.kills} | ${result.writesAttempted.toLocaleString('en-US')} | ${result.acknowledgedWrites.toLocaleString('en-US')} | ${result.entitiesChecked.toLocaleString('en-US')} | ${result.lost.length} | ${result.olderThanAcknowledged.length} | ${result.behindSource.length} | ${result.killsWithStaleTier} |`,
    ),
    ...results
      .filter(
        (result) =>
          result.behindSource.length + result.lost.length + result.olderThanAcknowledged.length > 0,
      )
      .flatMap((result) => [
        '',
        `First findings, ${result.database}, ${result.victim} killed:`,
        '',
        ...[...result.lost, ...result.olderThanAcknowledged, ...result.behindSource]
          .slice(0, 6)
          .map((line) => `- ${line}`),
      ]),
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
