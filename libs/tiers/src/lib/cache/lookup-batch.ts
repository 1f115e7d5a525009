/**
 * The requests of one call that missed the hot tier, looked up below it together once the call
 * has gone through all of them, so that each persistent tier gets one batch read. `operation` is
 * the invalidation-epochs operation the lookup runs under.
 */
export class LookupBatch<Request extends { key: string }, Found> {
  private readonly requests: Request[] = [];
  private settle!: (found: Promise<Map<string, Found>>) => void;
  private readonly found = new Promise<Map<string, Found>>((resolve) => {
    this.settle = resolve;
  });

  constructor(readonly operation: number) {}

  /** What the lookup finds for the request, once `run` has looked the batch up. */
  add(request: Request): Promise<Found | undefined> {
    this.requests.push(request);
    return this.found.then((found) => found.get(request.key));
  }

  run(lookUp: (requests: readonly Request[]) => Promise<Map<string, Found>>): Promise<unknown> {
    const found = lookUp(this.requests);
    this.settle(found);
    return found;
  }
}
