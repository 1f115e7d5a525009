import { appBundles } from '../harness/app-bundles';
import { runCrashes, type Victim } from './crash-run';

// Each kill restarts a process and reads every entity twice: minutes, not seconds.
jest.setTimeout(15 * 60_000);

/**
 * kill -9 under a write load (tools/crash), on SQLite. On PostgreSQL the same run finds warm-tier
 * entries older than acknowledged writes after an api is killed (see RELIABILITY.md): a write
 * an invalidation overtook is invalidated again by the process that made it, which a kill
 * prevents. That run is `npm run crash -- --databases postgres`; it joins this suite once it passes.
 */
describe.each<[Victim, number]>([
  ['api', 20],
  ['warmer', 10],
])('killing the %s %d times under a write load (SQLite)', (victim, kills) => {
  it('loses no acknowledged write, and no tier answers other than the source after a restart', async () => {
    const result = await runCrashes({
      database: 'sqlite',
      victim,
      kills,
      seed: 11,
      bundles: appBundles(),
    });
    expect(result.kills).toBe(kills);
    expect(result.acknowledgedWrites).toBeGreaterThan(0);
    expect(result.lost).toEqual([]);
    expect(result.olderThanAcknowledged).toEqual([]);
    expect(result.behindSource).toEqual([]);
  });
});
