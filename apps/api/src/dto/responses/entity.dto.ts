import { ApiProperty } from '@nestjs/swagger';
import type {
  Agent,
  GitBranch,
  GlobalContext,
  JsonObject,
  Project,
  Task,
  Template,
  User,
} from '@strata/contexts';
import { Integer, JsonData, Text, Timestamp } from './schema-fields';

/** Every entity as stored: DESIGN §1's id, data, version and updatedAt. */
abstract class EntityDto {
  @Text() id!: string;
  @JsonData('The entity’s own context (not merged with the levels above)') data!: JsonObject;
  @Integer('1 at creation, +1 on every write') version!: number;
  @Timestamp() updatedAt!: string;
}

export class GlobalContextDto extends EntityDto implements GlobalContext {
  @ApiProperty({ enum: ['global'] }) declare id: 'global';
}

export class ProjectDto extends EntityDto implements Project {
  @Text() name!: string;
}

export class GitBranchDto extends EntityDto implements GitBranch {
  @Text() projectId!: string;
  @Text() name!: string;
}

export class TaskDto extends EntityDto implements Task {
  @Text() branchId!: string;
  @Text() title!: string;
  @ApiProperty({ type: [String] }) assigneeIds!: string[];
}

export class UserDto extends EntityDto implements User {
  @Text() name!: string;
  @ApiProperty({ type: [String], description: 'Projects the user is a member of' })
  projectIds!: string[];
}

export class AgentDto extends EntityDto implements Agent {
  @Text() name!: string;
}

export class TemplateDto extends EntityDto implements Template {
  @Text() name!: string;
}
