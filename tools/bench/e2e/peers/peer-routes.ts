import { Body, Param, type PipeTransform } from '@nestjs/common';
import { RESOLUTION_LEVELS } from '@strata/contexts';
import { createValidationPipe, EntityIdPipe } from '@strata/platform';
// The peers answer the api's own routes with the api's own validation, so that only the cache
// differs between them and Strata.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { oneOf } from '../../../../apps/api/src/controllers/api-errors';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PatchTaskBody } from '../../../../apps/api/src/dto/entity-bodies';

/** `GET /v1/contexts/:level/:id` and `PATCH /v1/tasks/:id`, relative to a `v1` controller. */
export const CONTEXT_ROUTE = 'contexts/:level/:id';
export const TASK_PATCH_ROUTE = 'tasks/:id';

const levelPipe: PipeTransform = oneOf('level', RESOLUTION_LEVELS);

export const LevelParam = () => Param('level', levelPipe);
export const IdParam = () => Param('id', EntityIdPipe);
export const TaskPatchBody = () => Body(createValidationPipe(PatchTaskBody));
export { PatchTaskBody };
