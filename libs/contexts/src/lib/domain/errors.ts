/** The entity named by the caller does not exist. */
export class EntityNotFoundError extends Error {
  constructor(
    readonly type: string,
    readonly id: string,
  ) {
    super(`${type} '${id}' not found`);
  }
}

/** The write would break the hierarchy or an existing entity (duplicate id, children left behind). */
export class EntityConflictError extends Error {}

/** The write names another entity that does not exist (an unknown parent, assignee or project). */
export class UnknownReferenceError extends Error {
  constructor(
    readonly field: string,
    readonly type: string,
    readonly ids: readonly string[],
  ) {
    super(`${field} names unknown ${type}: ${ids.map((id) => `'${id}'`).join(', ')}`);
  }
}
