/**
 * What CachedContexts tells its listeners (warming): a read it served, with the JSON it answered
 * and the end user it read for; or the keys a write changed, once their invalidations finished.
 */
export type ContextActivity =
  | { kind: 'read'; key: string; json: string; userId?: string }
  | { kind: 'written'; keys: readonly string[] };

/** Must not throw: it runs on the read path. */
export type ContextActivityListener = (activity: ContextActivity) => void;
