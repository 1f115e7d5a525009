import {
  CreateBranchBody,
  CreateNamedEntityBody,
  CreateTaskBody,
  CreateUserBody,
  PatchNamedEntityBody,
  PatchTaskBody,
  PatchUserBody,
} from '../dto/entity-bodies';
import {
  AgentDto,
  GitBranchDto,
  ProjectDto,
  TaskDto,
  TemplateDto,
  UserDto,
} from '../dto/responses/entity.dto';
import { entityController } from './entity-controller.factory';

export const ENTITY_CONTROLLERS = [
  entityController({
    type: 'project',
    plural: 'projects',
    createBody: CreateNamedEntityBody,
    patchBody: PatchNamedEntityBody,
    entity: ProjectDto,
  }),
  entityController({
    type: 'git_branch',
    plural: 'branches',
    createBody: CreateBranchBody,
    patchBody: PatchNamedEntityBody,
    entity: GitBranchDto,
  }),
  entityController({
    type: 'task',
    plural: 'tasks',
    createBody: CreateTaskBody,
    patchBody: PatchTaskBody,
    entity: TaskDto,
  }),
  entityController({
    type: 'user',
    plural: 'users',
    createBody: CreateUserBody,
    patchBody: PatchUserBody,
    entity: UserDto,
  }),
  entityController({
    type: 'agent',
    plural: 'agents',
    createBody: CreateNamedEntityBody,
    patchBody: PatchNamedEntityBody,
    entity: AgentDto,
  }),
  entityController({
    type: 'template',
    plural: 'templates',
    createBody: CreateNamedEntityBody,
    patchBody: PatchNamedEntityBody,
    entity: TemplateDto,
  }),
];
