export const SERVER_CONFIG = Symbol('SERVER_CONFIG');
