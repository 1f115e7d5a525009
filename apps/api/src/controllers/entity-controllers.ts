import {
  CreateBranchBody,
  CreateNamedEntityBody,
  CreateTaskBody,
  CreateUserBody,
  PatchNamedEntityBody,
  PatchTaskBody,
  PatchUserBody,
} from '../dto/entity-bodies';
import { entityController } from './entity-controller.factory';

export const ENTITY_CONTROLLERS = [
  entityController({
    type: 'project',
    plural: 'projects',
    createBody: CreateNamedEntityBody,
    patchBody: PatchNamedEntityBody,
  }),
  entityController({
    type: 'git_branch',
    plural: 'branches',
    createBody: CreateBranchBody,
    patchBody: PatchNamedEntityBody,
  }),
  entityController({
    type: 'task',
    plural: 'tasks',
    createBody: CreateTaskBody,
    patchBody: PatchTaskBody,
  }),
  entityController({
    type: 'user',
    plural: 'users',
    createBody: CreateUserBody,
    patchBody: PatchUserBody,
  }),
  entityController({
    type: 'agent',
    plural: 'agents',
    createBody: CreateNamedEntityBody,
    patchBody: PatchNamedEntityBody,
  }),
  entityController({
    type: 'template',
    plural: 'templates',
    createBody: CreateNamedEntityBody,
    patchBody: PatchNamedEntityBody,
  }),
];
