import { execFileSync } from 'node:child_process';
import { demoDataset, type DemoDatasetSize } from '../seed/demo-dataset';

/** The ids of a seeded demo dataset, for load generators to read and write. */
export interface DemoIds {
  projects: string[];
  branches: string[];
  tasks: string[];
  users: string[];
}

/**
 * Writes the demo dataset into `databaseUrl` with the seed tool, as `npm run seed` does (which
 * also migrates the database), and returns the ids it wrote.
 */
export function seedDemoData(
  seedBundle: string,
  databaseUrl: string,
  size: DemoDatasetSize,
  seed = 42,
): DemoIds {
  const sizeFlags = [
    ['--projects', size.projects],
    ['--branches-per-project', size.branchesPerProject],
    ['--tasks-per-branch', size.tasksPerBranch],
    ['--users', size.users],
    ['--agents', size.agents],
    ['--templates', size.templates],
  ].flatMap(([flag, value]) => [String(flag), String(value)]);
  execFileSync(process.execPath, [seedBundle, '--seed', String(seed), ...sizeFlags], {
    env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const dataset = demoDataset(seed, size);
  return {
    projects: dataset.projects.map((project) => project.id),
    branches: dataset.branches.map((branch) => branch.id),
    tasks: dataset.tasks.map((task) => task.id),
    users: dataset.users.map((user) => user.id),
  };
}
