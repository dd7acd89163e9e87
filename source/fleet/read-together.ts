/**
 * Reading several API lists at once. A list's pages follow one another (each page names the next in
 * `next_page_uri`, https://ngrok.com/docs/api/#pagination), but different lists are independent: their first
 * pages go out together, so a fleet whose lists fit in one page each is read in one round trip instead of one
 * per list. Every request still counts against the fleet's budget (FleetBudget); while the budget's window is
 * full, a list waits for the lists ahead of it to finish instead of taking turns with them, so a large fleet
 * gets its first list (credentials: which clinics exist) as soon as it did when the lists were read one by one.
 */

/** How full the fleet's share of the API budget is (a FleetBudget). */
export interface BudgetGauge {
  inUse(): number;
  readonly limit: number;
}

/**
 * Called by a list before it pulls its next item: undefined when it may go on at once, else a promise that
 * settles when it may. Throws (or rejects) once another list has failed, so no further page is asked for.
 */
export type Turn = () => Promise<void> | undefined;

/** One list's read, given its turn. */
export type ListRead = (turn: Turn) => Promise<void>;

/**
 * Runs the reads at once, in priority order (the first is the most urgent). The first failure stops the other
 * reads before their next request; it is thrown once every read has stopped, so no request outlives the call.
 */
export async function readTogether(reads: ListRead[], budget?: BudgetGauge): Promise<void> {
  const stop = new AbortController();
  let failure: { error: unknown } | undefined;
  const settled: Promise<void>[] = [];
  for (const read of reads) {
    const ahead = [...settled];
    const turn: Turn = () => {
      stop.signal.throwIfAborted();
      if (!budget || ahead.length === 0 || budget.inUse() < budget.limit) return undefined;
      return Promise.all(ahead).then(() => stop.signal.throwIfAborted());
    };
    settled.push(
      read(turn).catch((error: unknown) => {
        failure ??= { error };
        stop.abort();
      }),
    );
  }
  await Promise.all(settled);
  if (failure) throw failure.error;
}

/**
 * Reads a list to its end, keeping each item's fact and taking its turn before each item; a fact may be a promise
 * (a cloud endpoint whose policy needs the YAML parser).
 */
export async function readList<T, F>(
  iterable: AsyncIterable<T>,
  fact: (item: T) => F | undefined | Promise<F | undefined>,
  turn?: Turn,
): Promise<F[]> {
  const iterator = iterable[Symbol.asyncIterator]();
  const facts: F[] = [];
  let ended = false;
  try {
    for (;;) {
      const waiting = turn?.();
      if (waiting) await waiting;
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        return facts;
      }
      // Awaited only when it is a promise: a microtask per item would add up over 30,000 endpoints.
      const made = fact(next.value);
      const kept = made instanceof Promise ? await made : made;
      if (kept !== undefined) facts.push(kept);
    }
  } finally {
    // A list stopped early releases its pager, so it asks for no further page.
    if (!ended) await iterator.return?.();
  }
}
