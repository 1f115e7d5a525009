import type { InvalidationEpochs } from './invalidation-epochs';
import { scopeIdsOf, type EntryIdentity } from './invalidation-scope';
import type { SingleFlight } from './single-flight';

/** A request as a flight sees it: what it is known to depend on before its value is loaded. */
export interface JoiningRequest extends EntryIdentity {
  /** Set when more dependencies are read off the loaded value (a resolved context's chain). */
  dependenciesOf?: unknown;
}

/**
 * The result of the flight under way for the request's key, for a caller arriving now: none when
 * an invalidation since the flight began covers what the request is known to depend on. For a
 * request whose value adds dependencies of its own, the scopes invalidated since the flight began
 * are noted at joining and checked against the result when it lands; one that covers it (an
 * ancestor changed while it loaded) settles the join with undefined, and the caller loads anew.
 * Refusing every join once any invalidation at all had happened, as this replaced, sent each of
 * a burst of concurrent misses to a load of its own while unrelated writes went on.
 */
export function joinFlight<T>(
  flights: SingleFlight<T>,
  epochs: InvalidationEpochs,
  request: JoiningRequest,
  entryOf: (result: T) => EntryIdentity,
): Promise<T | undefined> | undefined {
  let invalidated: ReadonlySet<string> = new Set();
  const joined = flights.join(request.key, (startedAt) => {
    if (epochs.invalidatedSince(startedAt, request)) {
      return false;
    }
    if (request.dependenciesOf !== undefined) {
      invalidated = epochs.scopesInvalidatedSince(startedAt);
    }
    return true;
  });
  if (joined === undefined || invalidated.size === 0) {
    return joined;
  }
  return joined.then((result) =>
    scopeIdsOf(entryOf(result)).some((scope) => invalidated.has(scope)) ? undefined : result,
  );
}
