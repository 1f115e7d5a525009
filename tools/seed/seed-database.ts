import type { EntityStore } from '@strata/contexts';
import type { DemoDataset } from './demo-dataset';

/** Writes a dataset into the source of truth, parents before children. */
export async function seedDatabase(store: EntityStore, dataset: DemoDataset): Promise<void> {
  await store.putGlobal(dataset.global);
  await store.insertMany('project', dataset.projects);
  await store.insertMany('git_branch', dataset.branches);
  await store.insertMany('user', dataset.users);
  await store.insertMany('task', dataset.tasks);
  await store.insertMany('agent', dataset.agents);
  await store.insertMany('template', dataset.templates);
}
