import type { z } from 'zod';
import type { RecordSource } from './record-source';
import { RecordError, type RecordIssue } from './record.errors';

const MAX_ISSUES_IN_MESSAGE = 3;

/**
 * Validates `value` against `schema`; returns the parsed value or throws a {@link RecordError}
 * with code `INVALID_RECORD` whose message names the first few offending paths.
 */
export function parseRecord<T>(schema: z.ZodType<T>, source: RecordSource, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: RecordIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const summary = issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
  const more = issues.length > MAX_ISSUES_IN_MESSAGE ? ` (+${issues.length - MAX_ISSUES_IN_MESSAGE} more)` : '';
  throw new RecordError('INVALID_RECORD', source, `invalid ${source} record: ${summary}${more}`, issues);
}
