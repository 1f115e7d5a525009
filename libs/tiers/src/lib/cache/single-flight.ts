interface Flight<T> {
  /** The stamp of the operation that started it: callers decide from it whether they may join. */
  startedAt: number;
  result: Promise<T>;
}

/** At most one piece of work per key at a time; later callers share its result while they may. */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /** The result of the work under way for `key`, if there is one and `mayJoin` accepts its start. */
  join(key: string, mayJoin: (startedAt: number) => boolean): Promise<T> | undefined {
    const flight = this.flights.get(key);
    return flight !== undefined && mayJoin(flight.startedAt) ? flight.result : undefined;
  }

  /**
   * Starts the work for `key`. It replaces a flight that callers may no longer join; that one
   * still settles for its own callers. `landed` runs once the flight can no longer be joined.
   */
  start(key: string, startedAt: number, work: () => Promise<T>, landed: () => void): Promise<T> {
    const result = work();
    this.flights.set(key, { startedAt, result });
    const land = () => {
      if (this.flights.get(key)?.result === result) {
        this.flights.delete(key);
      }
      landed();
    };
    result.then(land, land);
    return result;
  }
}
