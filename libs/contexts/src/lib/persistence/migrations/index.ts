import { CreateContextsSchema1764000000000 } from './1764000000000-create-contexts-schema';
import { CreateInvalidationOutbox1764700000000 } from './1764700000000-create-invalidation-outbox';

export const CONTEXT_MIGRATIONS = [
  CreateContextsSchema1764000000000,
  CreateInvalidationOutbox1764700000000,
];
