import type { JsonObject } from '@strata/contexts';
import {
  CONTEXT_DATA_DESCRIPTION,
  DataField,
  IdListField,
  OptionalIdField,
  PATCH_DATA_DESCRIPTION,
  ReferenceField,
  TextField,
} from './fields';

/** Body of POST /v1/projects, /v1/agents and /v1/templates. */
export class CreateNamedEntityBody {
  @OptionalIdField() id?: string;
  @TextField(256, false) name!: string;
  @DataField(false, CONTEXT_DATA_DESCRIPTION) data!: JsonObject;
}

/** Body of PATCH for projects, branches, agents and templates. */
export class PatchNamedEntityBody {
  @TextField(256, true) name?: string;
  @DataField(true, PATCH_DATA_DESCRIPTION) data?: JsonObject;
}

export class CreateBranchBody extends CreateNamedEntityBody {
  @ReferenceField('The project the branch belongs to') projectId!: string;
}

export class CreateTaskBody {
  @OptionalIdField() id?: string;
  @ReferenceField('The git branch the task belongs to') branchId!: string;
  @TextField(512, false) title!: string;
  @DataField(false, CONTEXT_DATA_DESCRIPTION) data!: JsonObject;
  @IdListField('Users assigned to the task') assigneeIds?: string[];
}

export class PatchTaskBody {
  @TextField(512, true) title?: string;
  @DataField(true, PATCH_DATA_DESCRIPTION) data?: JsonObject;
  @IdListField('Replaces the assignees') assigneeIds?: string[];
}

export class CreateUserBody extends CreateNamedEntityBody {
  @IdListField('Projects the user is a member of') projectIds?: string[];
}

export class PatchUserBody extends PatchNamedEntityBody {
  @IdListField('Replaces the memberships') projectIds?: string[];
}

export class PutGlobalBody {
  @DataField(false, 'The global context, replaced whole') data!: JsonObject;
}
