import { GLOBAL_ID, mergeContext, type JsonObject } from '@strata/contexts';
import type { DemoDataset } from '../../seed/demo-dataset';
import { seededRandom } from '@strata/ttl-policy';
import { zipfSampler } from '../traces/zipf';

/** DESIGN's workload: key popularity follows Zipf(1.0). */
const ZIPF_EXPONENT = 1.0;

/** Which tasks are read how often, and what an average answer weighs. */
export interface TaskPopularity {
  /** Every task, the most popular first. */
  taskIds: readonly string[];
  /** A sampler of task ids for one run: the same seed draws the same sequence. */
  sampler(seed: number): () => string;
  /** The Zipf-weighted mean length of a resolved task context's JSON. */
  meanBodyBytes: number;
  /** The task whose resolved context is nearest that mean: the bare route answers with its body. */
  representativeId: string;
}

/**
 * Ranks the tasks in a seeded random order, so that popularity is not correlated with the
 * dataset's layout (the first project's tasks would otherwise all be hot together).
 */
export function taskPopularity(dataset: DemoDataset, seed: number): TaskPopularity {
  const ranked = dataset.tasks.map((task) => task.id);
  const random = seededRandom(seed);
  for (let i = ranked.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ranked[i], ranked[j]] = [ranked[j], ranked[i]];
  }
  const sizes = resolvedBodySizes(dataset);
  let harmonic = 0;
  let weighted = 0;
  ranked.forEach((id, rank) => {
    const weight = 1 / (rank + 1) ** ZIPF_EXPONENT;
    harmonic += weight;
    weighted += weight * (sizes.get(id) ?? 0);
  });
  const meanBodyBytes = weighted / harmonic;
  let representativeId = ranked[0];
  for (const id of ranked) {
    const distance = Math.abs((sizes.get(id) ?? 0) - meanBodyBytes);
    if (distance < Math.abs((sizes.get(representativeId) ?? 0) - meanBodyBytes)) {
      representativeId = id;
    }
  }
  return {
    taskIds: ranked,
    sampler: (runSeed) => {
      const draw = zipfSampler(ZIPF_EXPONENT, ranked.length, seededRandom(runSeed));
      return () => ranked[draw()];
    },
    meanBodyBytes,
    representativeId,
  };
}

/**
 * The length of each task's answer, resolved in memory with the product's own merge; only used to
 * choose the representative task (the bare route then serves that task's real answer).
 */
function resolvedBodySizes(dataset: DemoDataset): Map<string, number> {
  const projects = new Map(dataset.projects.map((project) => [project.id, project]));
  const branches = new Map(dataset.branches.map((branch) => [branch.id, branch]));
  const sizes = new Map<string, number>();
  for (const task of dataset.tasks) {
    const branch = branches.get(task.branchId);
    const project = branch && projects.get(branch.projectId);
    if (!branch || !project) {
      throw new Error(`task ${task.id} has no branch or project in the dataset`);
    }
    let data: JsonObject = {};
    for (const level of [dataset.global, project.data, branch.data, task.data]) {
      data = mergeContext(data, level);
    }
    const chain = [
      { level: 'global', id: GLOBAL_ID, version: 1 },
      { level: 'project', id: project.id, version: 1 },
      { level: 'branch', id: branch.id, version: 1 },
      { level: 'task', id: task.id, version: 1 },
    ];
    sizes.set(task.id, JSON.stringify({ level: 'task', id: task.id, data, chain }).length);
  }
  return sizes;
}
