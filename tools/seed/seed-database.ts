import type { CreateInputByType, EntityStore, EntityType } from '@strata/contexts';
import type { Phase } from '../harness/progress';
import type { DemoDataset } from './demo-dataset';

/** Entities per insert when progress is shown: small enough for a bar to move, large enough to batch. */
const ROWS_PER_INSERT = 1_000;

/** How many entities `seedDatabase` writes (the global context aside): a progress phase's total. */
export function entityCount(dataset: DemoDataset): number {
  const { projects, branches, users, tasks, agents, templates } = dataset;
  return [projects, branches, users, tasks, agents, templates].reduce(
    (sum, rows) => sum + rows.length,
    0,
  );
}

/**
 * Writes a dataset into the source of truth, parents before children. With a phase, each type is
 * written in slices, each its own transaction, so that the phase can count them.
 */
export async function seedDatabase(
  store: EntityStore,
  dataset: DemoDataset,
  phase?: Phase,
): Promise<void> {
  await store.putGlobal(dataset.global);
  await insert(store, 'project', dataset.projects, phase);
  await insert(store, 'git_branch', dataset.branches, phase);
  await insert(store, 'user', dataset.users, phase);
  await insert(store, 'task', dataset.tasks, phase);
  await insert(store, 'agent', dataset.agents, phase);
  await insert(store, 'template', dataset.templates, phase);
}

async function insert<T extends EntityType>(
  store: EntityStore,
  type: T,
  rows: ReadonlyArray<CreateInputByType[T] & { id: string }>,
  phase: Phase | undefined,
): Promise<void> {
  const step = phase ? ROWS_PER_INSERT : Math.max(1, rows.length);
  for (let from = 0; from < rows.length; from += step) {
    const slice = rows.slice(from, from + step);
    await store.insertMany(type, slice);
    phase?.tick(slice.length);
  }
}
