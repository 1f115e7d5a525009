import type { DemoDataset } from '../seed/demo-dataset';
import { SeededRandom } from '../seed/random';
import type { ReadKind, SimulatedEvent } from './simulated-event';
import { WorkingHoursClock } from './working-hours';
import { ZipfSamplers } from './zipf-sampler';
import { WRITTEN_TYPES, type WorkloadOptions, type WrittenType } from './workload-options';

type ScheduleOptions = Pick<
  WorkloadOptions,
  | 'seed'
  | 'hours'
  | 'startHour'
  | 'requests'
  | 'activeUserShare'
  | 'zipfExponent'
  | 'readMix'
  | 'writesPerDay'
>;

/** The dataset arranged the way requests reach it: through a user's project memberships. */
interface Catalogue {
  users: Array<{ id: string; projectIds: string[] }>;
  branchesByProject: Map<string, string[]>;
  tasksByProject: Map<string, string[]>;
  agents: string[];
  templates: string[];
}

/** A different stream than the dataset's, so the schedule does not echo the data's draws. */
const SCHEDULE_SEED_SALT = 0x5eed_cafe;

/**
 * The simulated span's events in time order: the same dataset, options and seed always give the
 * same schedule. Users log in just before their first request; each request reads something of
 * one of their projects, Zipf-popular within it; writes fall on items chosen the same way, so
 * what is read often also changes often.
 */
export function generateSchedule(dataset: DemoDataset, options: ScheduleOptions): SimulatedEvent[] {
  const random = new SeededRandom((options.seed ^ SCHEDULE_SEED_SALT) >>> 0);
  const clock = new WorkingHoursClock(options.startHour, options.hours);
  const zipf = new ZipfSamplers(options.zipfExponent);
  const catalogue = shuffledCatalogue(dataset, random);
  const active = catalogue.users.slice(
    0,
    Math.max(1, Math.round(catalogue.users.length * options.activeUserShare)),
  );
  const kinds = Object.entries(options.readMix) as Array<[ReadKind, number]>;

  const events: SimulatedEvent[] = [];
  const firstRequest = new Map<string, number>();
  for (let index = 0; index < options.requests; index++) {
    // Some users are far busier than others: Zipf over the active users too.
    const user = zipf.pick(active, random);
    const at = clock.instant(random);
    const read = weightedPick(kinds, random);
    events.push({
      at,
      kind: 'read',
      read,
      id: targetOf(TYPE_OF_READ[read], user, catalogue, zipf, random),
      userId: user.id,
    });
    firstRequest.set(user.id, Math.min(firstRequest.get(user.id) ?? Infinity, at));
  }
  for (const [userId, at] of firstRequest) {
    events.push({ at: Math.max(0, at - 1000), kind: 'login', userId });
  }
  const spanShare = options.hours / 24;
  for (const type of [...WRITTEN_TYPES, 'global'] as const) {
    const count = Math.round(options.writesPerDay[type] * spanShare);
    for (let index = 0; index < count; index++) {
      const user = zipf.pick(active, random);
      const id = targetOf(type, user, catalogue, zipf, random);
      events.push({ at: clock.instant(random), kind: 'write', type, id });
    }
  }
  // Stable: events at one instant keep the order they were drawn in.
  return events.sort((a, b) => a.at - b.at);
}

/** The entity each kind of read names: reads and writes pick their target the same way. */
const TYPE_OF_READ: Record<ReadKind, WrittenType | 'global'> = {
  resolveTask: 'task',
  readTask: 'task',
  resolveBranch: 'git_branch',
  checkout: 'git_branch',
  resolveProject: 'project',
  readProject: 'project',
  readAgent: 'agent',
  readTemplate: 'template',
  readGlobal: 'global',
};

/** An entity of the type, among the user's projects where the type belongs to one. */
function targetOf(
  type: WrittenType | 'global',
  user: Catalogue['users'][number],
  catalogue: Catalogue,
  zipf: ZipfSamplers,
  random: SeededRandom,
): string {
  const projectId = random.pick(user.projectIds);
  switch (type) {
    case 'task':
      return zipf.pick(catalogue.tasksByProject.get(projectId) ?? [], random);
    case 'git_branch':
      return zipf.pick(catalogue.branchesByProject.get(projectId) ?? [], random);
    case 'project':
      return projectId;
    case 'user':
      return user.id;
    case 'agent':
      return zipf.pick(catalogue.agents, random);
    case 'template':
      return zipf.pick(catalogue.templates, random);
    case 'global':
      return 'global';
  }
}

/** Which item of a list is popular is drawn once, so that popularity is not simply id order. */
function shuffledCatalogue(dataset: DemoDataset, random: SeededRandom): Catalogue {
  const shuffle = <T>(items: readonly T[]): T[] => random.sample(items, items.length);
  const branchesByProject = new Map<string, string[]>();
  const projectOfBranch = new Map<string, string>();
  for (const branch of dataset.branches) {
    branchesByProject.set(branch.projectId, [
      ...(branchesByProject.get(branch.projectId) ?? []),
      branch.id,
    ]);
    projectOfBranch.set(branch.id, branch.projectId);
  }
  const tasksByProject = new Map<string, string[]>();
  for (const task of dataset.tasks) {
    const projectId = projectOfBranch.get(task.branchId) ?? '';
    const tasks = tasksByProject.get(projectId) ?? [];
    tasks.push(task.id);
    tasksByProject.set(projectId, tasks);
  }
  for (const map of [branchesByProject, tasksByProject]) {
    for (const [projectId, ids] of map) {
      map.set(projectId, shuffle(ids));
    }
  }
  return {
    users: shuffle(
      dataset.users
        .filter((user) => (user.projectIds ?? []).length > 0)
        .map((user) => ({ id: user.id, projectIds: user.projectIds ?? [] })),
    ),
    branchesByProject,
    tasksByProject,
    agents: shuffle(dataset.agents.map((agent) => agent.id)),
    templates: shuffle(dataset.templates.map((template) => template.id)),
  };
}

function weightedPick<T>(choices: ReadonlyArray<[T, number]>, random: SeededRandom): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let target = random.next() * total;
  for (const [choice, weight] of choices) {
    target -= weight;
    if (target < 0) {
      return choice;
    }
  }
  return choices[choices.length - 1][0];
}
