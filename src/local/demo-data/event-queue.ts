/** A scheduled item: due time, and an insertion sequence that breaks ties deterministically. */
interface Entry<T> {
  readonly timeMs: number;
  readonly sequence: number;
  readonly item: T;
}

/**
 * A min-heap of timed items for the discrete-event simulation. Items due at the same millisecond
 * come out in the order they were scheduled, so a run never depends on heap internals.
 */
export class EventQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private sequence = 0;

  /** Number of scheduled items. */
  get size(): number {
    return this.heap.length;
  }

  /** Schedules `item` at `timeMs`. */
  push(timeMs: number, item: T): void {
    const entry: Entry<T> = { timeMs, sequence: this.sequence++, item };
    const heap = this.heap;
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentEntry = heap[parent] as Entry<T>;
      if (!before(entry, parentEntry)) break;
      heap[index] = parentEntry;
      index = parent;
    }
    heap[index] = entry;
  }

  /** Due time of the next item, or `Infinity` when empty. */
  peekTimeMs(): number {
    return this.heap.length === 0 ? Infinity : (this.heap[0] as Entry<T>).timeMs;
  }

  /** Removes and returns the next item (undefined when empty). */
  pop(): { timeMs: number; item: T } | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as Entry<T>;
    if (heap.length > 0) {
      let index = 0;
      const length = heap.length;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= length) break;
        const right = left + 1;
        let child = left;
        if (right < length && before(heap[right] as Entry<T>, heap[left] as Entry<T>)) child = right;
        const childEntry = heap[child] as Entry<T>;
        if (!before(childEntry, last)) break;
        heap[index] = childEntry;
        index = child;
      }
      heap[index] = last;
    }
    return { timeMs: top.timeMs, item: top.item };
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.sequence < b.sequence);
}
