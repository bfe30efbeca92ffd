/**
 * The one writer of bench/results/*.json, shared by every benchmark: where a benchmark's figures
 * live, reading the previous figures (benchmarks that merge keep the entries of other sizes), and
 * writing them (pretty JSON, one trailing newline) with the line that says where they went.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** bench/results in the source tree (benchmarks run from dist/bench/). */
const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'bench', 'results');

/** The path of a benchmark's figures: bench/results/<name>.json. */
export function resultsFile(name: string): string {
  return path.join(RESULTS_DIR, `${name}.json`);
}

/** The figures saved last time, or `undefined` on a first run (no file, or not JSON). */
export function readResults<T>(name: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(resultsFile(name), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Saves a benchmark's figures and prints where (with the machine's cores and node version). Returns the path. */
export function writeResults(name: string, figures: unknown): string {
  const file = resultsFile(name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`figures written to ${path.relative(process.cwd(), file)} (${os.cpus().length} cores, node ${process.version})\n`);
  return file;
}
