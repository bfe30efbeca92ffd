/**
 * Yields the current time every `intervalMs` until the consumer stops (return) or the signal aborts.
 * @param now - clock, injectable for tests.
 */
export async function* ticker(intervalMs: number, now: () => Date = () => new Date()): AsyncGenerator<Date> {
  while (true) {
    yield now();
    await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
  }
}
