import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sniffFile } from './file-sniffer';
import type { FileVerdict } from './file-verdict';

/** Below this many files a scan examines them on the calling thread (starting a worker costs ~50 ms). */
const WORKER_MIN_FILES = 16;

/** The compiled worker next to this module; absent when running from TypeScript sources (ts-jest). */
const WORKER_FILE = path.join(__dirname, 'sniff.worker.js');

/**
 * Examines files by content (see {@link sniffFile}), `concurrency` at a time, calling `onVerdict` as
 * each is decided. Large batches run in a worker thread; if the worker cannot start or dies, the files
 * it did not decide are examined here. Never rejects.
 */
export async function sniffFiles(
  files: readonly { readonly file: string; readonly sizeBytes: number }[],
  concurrency: number,
  onVerdict: (file: string, verdict: FileVerdict) => void,
): Promise<void> {
  const decided = new Set<string>();
  const record = (file: string, verdict: FileVerdict): void => {
    decided.add(file);
    onVerdict(file, verdict);
  };
  if (files.length >= WORKER_MIN_FILES && fs.existsSync(WORKER_FILE)) {
    await new Promise<void>((resolve) => {
      const worker = new Worker(WORKER_FILE, { workerData: { files, concurrency } });
      worker.on('message', (m: { file: string; verdict: FileVerdict }) => record(m.file, m.verdict));
      worker.once('error', () => undefined);
      worker.once('exit', () => resolve());
    });
  }
  let next = 0;
  const rest = files.filter((f) => !decided.has(f.file));
  const inline = async (): Promise<void> => {
    while (next < rest.length) {
      const { file, sizeBytes } = rest[next++];
      record(file, await sniffFile(file, sizeBytes));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, rest.length) }, inline));
}
