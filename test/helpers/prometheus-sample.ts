import type { TestServer } from './test-server';

/** The value of one Prometheus sample of the server's `/metrics` (0 when absent). */
export async function metricSample(server: TestServer, name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Resolves once `condition` holds (checked every 20 ms; the test's timeout bounds the wait). */
export async function eventually(condition: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}
