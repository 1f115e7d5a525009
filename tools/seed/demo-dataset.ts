import type { CreateInputByType, JsonObject } from '@strata/contexts';
import { contextData, contextSize } from './context-data';
import { SeededRandom } from './random';

export interface DemoDatasetSize {
  projects: number;
  branchesPerProject: number;
  tasksPerBranch: number;
  users: number;
  agents: number;
  templates: number;
}

export const DEFAULT_DEMO_SIZE: DemoDatasetSize = {
  projects: 50,
  branchesPerProject: 5,
  tasksPerBranch: 40,
  users: 500,
  agents: 20,
  templates: 30,
};

type WithId<T> = T & { id: string };

export interface DemoDataset {
  global: JsonObject;
  projects: Array<WithId<CreateInputByType['project']>>;
  branches: Array<WithId<CreateInputByType['git_branch']>>;
  users: Array<WithId<CreateInputByType['user']>>;
  tasks: Array<WithId<CreateInputByType['task']>>;
  agents: Array<WithId<CreateInputByType['agent']>>;
  templates: Array<WithId<CreateInputByType['template']>>;
}

const pad = (value: number) => String(value).padStart(4, '0');

/** The demo dataset for a seed: the same seed and size always give the same entities. */
export function demoDataset(seed: number, size: DemoDatasetSize = DEFAULT_DEMO_SIZE): DemoDataset {
  const random = new SeededRandom(seed);
  const data = (level: string) => contextData(random, contextSize(random), level);

  const projects = Array.from({ length: size.projects }, (_, index) => ({
    id: `project-${pad(index)}`,
    name: `Project ${index}`,
    data: data('project'),
  }));
  const branchNames = ['main', 'develop', 'release', 'feature-a', 'feature-b', 'hotfix'];
  const branches = projects.flatMap((project, projectIndex) =>
    Array.from({ length: size.branchesPerProject }, (_, index) => ({
      id: `branch-${pad(projectIndex)}-${index}`,
      projectId: project.id,
      name:
        branchNames[index % branchNames.length] + (index >= branchNames.length ? `-${index}` : ''),
      data: data('branch'),
    })),
  );
  // Memberships lean towards the first projects, as activity does in a real organisation.
  const users = Array.from({ length: size.users }, (_, index) => {
    const memberships = new Set<string>();
    const count = random.int(1, Math.min(4, projects.length));
    while (memberships.size < count) {
      memberships.add(projects[Math.floor(projects.length * Math.pow(random.next(), 2))].id);
    }
    return {
      id: `user-${pad(index)}`,
      name: `User ${index}`,
      data: data('user'),
      projectIds: [...memberships].sort(),
    };
  });
  const members = new Map<string, string[]>();
  for (const user of users) {
    for (const projectId of user.projectIds) {
      members.set(projectId, [...(members.get(projectId) ?? []), user.id]);
    }
  }
  const tasks = branches.flatMap((branch) =>
    Array.from({ length: size.tasksPerBranch }, (_, index) => ({
      id: `task-${branch.id.slice('branch-'.length)}-${pad(index)}`,
      branchId: branch.id,
      title: `Task ${index} on ${branch.name}`,
      data: data('task'),
      assigneeIds: random.sample(members.get(branch.projectId) ?? [], random.int(0, 3)).sort(),
    })),
  );
  const named = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, index) => ({
      id: `${prefix}-${pad(index)}`,
      name: `${prefix} ${index}`,
      data: data(prefix),
    }));
  return {
    global: data('global'),
    projects,
    branches,
    users,
    tasks,
    agents: named('agent', size.agents),
    templates: named('template', size.templates),
  };
}
