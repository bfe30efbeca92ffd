import fs from 'node:fs';
import path from 'node:path';
import { DemoDataError } from './demo-data.errors';

/** A staging folder next to the output folder; renamed into place only when everything is written. */
export interface StagingArea {
  /** The final output folder (absolute). */
  readonly outDir: string;
  /** The staging folder (absolute), a sibling of `outDir`. */
  readonly stagingDir: string;
  /** The first parent folder this run had to create (removed again on failure), if any. */
  readonly createdParent: string | undefined;
}

function describe(error: unknown): string {
  return error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : String(error);
}

/**
 * Checks the output folder and creates a staging folder beside it (`.<name>.demo-data-XXXXXX`).
 * An existing `outDir` must be an empty folder.
 * @throws DemoDataError `OUT_NOT_EMPTY` when `outDir` holds anything, `OUT_NOT_WRITABLE` when it
 * or its parent cannot be created or written.
 */
export function prepareStaging(outDirArgument: string): StagingArea {
  const outDir = path.resolve(outDirArgument);
  let existing: fs.Stats | undefined;
  try {
    existing = fs.statSync(outDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new DemoDataError('OUT_NOT_WRITABLE', `cannot use --out ${outDirArgument} (${describe(error)}); choose a writable folder`, { cause: error });
    }
  }
  if (existing !== undefined) {
    if (!existing.isDirectory()) {
      throw new DemoDataError('OUT_NOT_EMPTY', `--out ${outDirArgument} is a file; choose a new or empty folder`);
    }
    const entries = fs.readdirSync(outDir);
    if (entries.length > 0) {
      throw new DemoDataError(
        'OUT_NOT_EMPTY',
        `--out ${outDirArgument} already holds data (${entries.length} entries); choose a new or empty folder, or delete it first`,
      );
    }
  }
  const parent = path.dirname(outDir);
  let createdParent: string | undefined;
  try {
    createdParent = fs.mkdirSync(parent, { recursive: true });
    const stagingDir = fs.mkdtempSync(path.join(parent, `.${path.basename(outDir)}.demo-data-`));
    return { outDir, stagingDir, createdParent };
  } catch (error) {
    if (createdParent !== undefined) fs.rmSync(createdParent, { recursive: true, force: true });
    throw new DemoDataError('OUT_NOT_WRITABLE', `cannot write next to --out ${outDirArgument} (${describe(error)}); choose a writable folder`, {
      cause: error,
    });
  }
}

/**
 * Moves the finished data from `contentDir` (inside the staging folder) to `outDir`, then removes
 * the staging folder. An empty `outDir` created meanwhile is replaced; one that got files is not.
 * @throws DemoDataError `OUT_NOT_EMPTY` when `outDir` received files during the run.
 */
export function commitStaging(area: StagingArea, contentDir: string): void {
  try {
    if (fs.existsSync(area.outDir)) fs.rmdirSync(area.outDir);
  } catch (error) {
    throw new DemoDataError('OUT_NOT_EMPTY', `--out ${area.outDir} received files while the data was generated; choose a new or empty folder`, {
      cause: error,
    });
  }
  fs.renameSync(contentDir, area.outDir);
  fs.rmSync(area.stagingDir, { recursive: true, force: true });
}

/** Removes the staging folder (and a parent folder this run created). Never throws. */
export function discardStaging(area: StagingArea): void {
  try {
    fs.rmSync(area.stagingDir, { recursive: true, force: true });
    if (area.createdParent !== undefined) fs.rmSync(area.createdParent, { recursive: true, force: true });
  } catch {
    // Best effort: the error that got us here is the one to report.
  }
}
