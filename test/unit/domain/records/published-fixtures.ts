import fs from 'node:fs';
import path from 'node:path';

/** Verbatim copies of /work/shared/fixtures (see test/fixtures/connect/real/PROVENANCE.md). */
export const FIXTURES_DIR = path.resolve(__dirname, '../../../fixtures/connect');

/** Text of a fixture file, e.g. `real/cfl-setqueue-aws-docs-example.json`. */
export function fixtureText(relativePath: string): string {
  return fs.readFileSync(path.join(FIXTURES_DIR, relativePath), 'utf8');
}

/** Parsed JSON of a `*.json` fixture (these are valid JSON by construction). */
export function fixtureJson(relativePath: string): unknown {
  return JSON.parse(fixtureText(relativePath));
}

/** Every fixture file of a folder whose name matches. */
export function fixtureFiles(folder: 'real' | 'seed-examples', pattern: RegExp): string[] {
  return fs
    .readdirSync(path.join(FIXTURES_DIR, folder))
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => `${folder}/${name}`);
}

/**
 * The documented, minimal repair of an AWS doc example that is not valid JSON, so its *shape* can be
 * checked against the readers. It only removes what the publisher added around the data: `//`
 * comments and the prose lines that continue them, and trailing commas. The data itself is not edited.
 */
export function stripPublishingArtifacts(text: string): string {
  const lines: string[] = [];
  for (const rawLine of text.split('\n')) {
    const commentAt = rawLine.indexOf('//');
    const line = commentAt >= 0 ? rawLine.slice(0, commentAt) : rawLine;
    const trimmed = line.trim();
    // A comment continued on the next line(s) as prose: not JSON, drop it.
    if (trimmed !== '' && !'"{}[]'.includes(trimmed.charAt(0))) continue;
    lines.push(line);
  }
  return lines.join('\n').replace(/,(\s*[}\]])/g, '$1');
}
