/**
 * The fuzz suite's verdict on one response: no HTTP 5xx (except a deliberate, coded 503/504), no
 * `INTERNAL_SERVER_ERROR` and no uncoded error, no error message past the server's length cap (a huge
 * input echoed back whole), and nothing that leaks the engine or the server: SQL
 * text, engine error names, stack frames, source positions or file paths. What the request itself
 * sent is scrubbed from the response first, since GraphQL's validation errors quote the offending
 * value and the API's own messages may name it: an echoed `' OR 1=1 --` is the client's text, not a
 * leak.
 */
import { MAX_ERROR_MESSAGE_CHARS } from '../../../src/server/graphql/graphql-errors';

/** What a response showed: its status, the codes of its errors (`OK` when none) and what is wrong with it. */
export interface ResponseVerdict {
  readonly status: number;
  readonly codes: readonly string[];
  /** The longest error message, to see how much of a huge input the messages echo. */
  readonly longestMessage?: { readonly code: string; readonly chars: number; readonly start: string };
  readonly problems: readonly string[];
}

/** SQL or engine text: checked in error messages and extensions only (data may legitimately hold any word). */
export const SQL_PATTERNS: readonly RegExp[] = [
  /\bSELECT\b[\s\S]*\bFROM\b/i,
  /\b(?:WHERE|GROUP BY|ORDER BY|INNER JOIN|LEFT JOIN|UNION ALL|PARTITION BY)\b/,
  /\b(?:read_json(?:_auto|_objects)?|read_parquet|read_csv(?:_auto)?|parquet_scan|json_extract(?:_string)?|regexp_matches)\s*\(/i,
  /\bduck ?db\b/i,
  /\bathena\b/i,
  /\b(?:Binder|Parser|Conversion|Catalog|Invalid Input|Out of Range|Internal|Serialization) Error\b/,
  /\bLINE \d+:/,
  /\b(?:SYNTAX_ERROR|HIVE_[A-Z_]+|INVALID_FUNCTION_ARGUMENT|TYPE_MISMATCH|COLUMN_NOT_FOUND)\b/,
  /\bdynamo ?db\b|\bValidationException\b|\bResourceNotFoundException\b/i,
];

/** Stack frames and source positions: checked everywhere in the response. */
export const STACK_PATTERNS: readonly RegExp[] = [/\n\s*at \S/, /\bat (?:async )?[\w.$<>[\] ]+ \((?:node:|file:|\/|[A-Z]:\\)/, /\.(?:ts|js|mjs|cjs):\d+(?::\d+)?\b/];

/** File system paths of the server: checked everywhere in the response. */
export const PATH_PATTERNS: readonly RegExp[] = [/(?:^|[^\w.~-])\/(?:work|tmp|home|root|usr|opt|var|etc|proc)\//, /\bnode_modules\b/, /\bdist\/(?:src|resolvers|schema|bench)\b/];

const ECHO = '«echo»';

/** Longest error message accepted: the server's cut plus its "(message cut …)" and request-id suffixes. */
const MAX_MESSAGE_CHARS = MAX_ERROR_MESSAGE_CHARS + 200;

/** The forms in which a sent string comes back inside a message: as sent, and JSON/GraphQL-escaped. */
function echoForms(sent: string): string[] {
  const escaped = JSON.stringify(sent).slice(1, -1);
  return escaped === sent ? [sent] : [sent, escaped];
}

/**
 * `text` with every occurrence of the sent strings replaced by a marker, longest first. Strings
 * under 3 characters are kept: removing every `a` would blind the matchers.
 */
export function scrubEchoes(text: string, sent: readonly string[]): string {
  const forms = [...new Set(sent.filter((s) => s.length >= 3).flatMap(echoForms))].sort((a, b) => b.length - a.length);
  let scrubbed = text;
  for (const form of forms) if (scrubbed.includes(form)) scrubbed = scrubbed.split(form).join(ECHO);
  return scrubbed;
}

function stringsIn(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, into);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, into);
  return into;
}

function matches(patterns: readonly RegExp[], text: string): RegExp | undefined {
  return patterns.find((p) => p.test(text));
}

function leaksIn(texts: readonly string[], patterns: readonly RegExp[], kind: string, sent: readonly string[]): string[] {
  const problems: string[] = [];
  for (const text of texts) {
    const scrubbed = scrubEchoes(text, sent);
    const hit = matches(patterns, scrubbed);
    if (hit) problems.push(`${kind} (${String(hit)}) in: ${scrubbed.slice(0, 300)}`);
  }
  return problems;
}

/** Codes a 503/504 may carry: the server is deliberately shedding or stopping work, and says so. */
const DELIBERATE_UNAVAILABLE = new Set(['QUERY_TIMEOUT', 'UPSTREAM_FAILED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE']);

/**
 * Judges one GraphQL response (HTTP or a graphql-ws message rendered as `{ errors }` / `{ data }`).
 * @param status - the HTTP status (200 for WebSocket messages).
 * @param text - the body as received.
 * @param sent - every string the request carried (operation text excluded), to scrub echoes.
 */
export function judgeResponse(status: number, text: string, sent: readonly string[]): ResponseVerdict {
  const problems: string[] = [];
  let body: { data?: unknown; errors?: { message?: unknown; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  if (body === undefined || body === null || typeof body !== 'object') {
    problems.push(...leaksIn([text], [...SQL_PATTERNS, ...STACK_PATTERNS, ...PATH_PATTERNS], 'leak in a non-JSON body', sent));
    if (status >= 500) problems.push(`HTTP ${status} with a non-JSON body: ${text.slice(0, 200)}`);
    return { status, codes: [`HTTP_${status}_NON_JSON`], problems };
  }
  const errors = Array.isArray(body.errors) ? body.errors : [];
  const codes = errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'NO_CODE'));
  for (const error of errors) {
    const chars = String(error.message).length;
    if (chars > MAX_MESSAGE_CHARS) problems.push(`an error message of ${chars} characters (a huge input echoed back whole): ${String(error.message).slice(0, 120)}…`);
  }
  for (const [i, code] of codes.entries()) {
    if (code === 'INTERNAL_SERVER_ERROR') problems.push(`INTERNAL_SERVER_ERROR: ${String(errors[i]!.message)}`);
    if (code === 'NO_CODE') problems.push(`an error without extensions.code: ${String(errors[i]!.message)}`);
  }
  if (status >= 500 && !((status === 503 || status === 504) && codes.length > 0 && codes.every((c) => DELIBERATE_UNAVAILABLE.has(c)))) {
    problems.push(`HTTP ${status} (codes ${codes.join(', ') || 'none'})`);
  }
  const errorTexts = stringsIn([errors, body.extensions ?? {}], []);
  problems.push(...leaksIn(errorTexts, SQL_PATTERNS, 'SQL or engine text', sent));
  const allTexts = stringsIn([errors, body.extensions ?? {}, body.data ?? null], []);
  problems.push(...leaksIn(allTexts, STACK_PATTERNS, 'a stack trace', sent));
  problems.push(...leaksIn(allTexts, PATH_PATTERNS, 'a file path', sent));
  const longest = errors.reduce<ResponseVerdict['longestMessage']>((best, e, i) => {
    const message = String(e.message);
    return !best || message.length > best.chars ? { code: codes[i]!, chars: message.length, start: message.slice(0, 80) } : best;
  }, undefined);
  return { status, codes: codes.length > 0 ? codes : ['OK'], problems, ...(longest ? { longestMessage: longest } : {}) };
}

/** Totals of a fuzz run, printed for the report. */
export class FuzzTally {
  requests = 0;
  /** Reused keep-alive connections found closed and retried on a new one (a client-side race, not a server answer). */
  connectionResets = 0;
  readonly byStatus = new Map<number, number>();
  readonly byCode = new Map<string, number>();
  readonly byCarrier = new Map<string, number>();
  readonly byTarget = new Map<string, number>();
  /** The longest error message seen, per code. */
  readonly longestMessageByCode = new Map<string, { chars: number; start: string }>();

  add(target: string, carriers: readonly string[], verdict: ResponseVerdict): void {
    this.requests += 1;
    this.byStatus.set(verdict.status, (this.byStatus.get(verdict.status) ?? 0) + 1);
    for (const code of new Set(verdict.codes)) this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
    for (const carrier of new Set(carriers)) this.byCarrier.set(carrier, (this.byCarrier.get(carrier) ?? 0) + 1);
    this.byTarget.set(target, (this.byTarget.get(target) ?? 0) + 1);
    const longest = verdict.longestMessage;
    if (longest && longest.chars > (this.longestMessageByCode.get(longest.code)?.chars ?? 0)) this.longestMessageByCode.set(longest.code, { chars: longest.chars, start: longest.start });
  }

  /** A multi-line summary: requests, then responses by HTTP status, by error code, by carrier and by field. */
  summary(): string {
    const line = (m: Map<string | number, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(' ');
    return [
      `requests: ${this.requests} (keep-alive connections found reset and retried: ${this.connectionResets})`,
      `by HTTP status: ${line(this.byStatus)}`,
      `responses with error code (OK = no error): ${line(this.byCode)}`,
      `requests carrying values as: ${line(this.byCarrier)}`,
      `by field: ${line(this.byTarget)}`,
      `longest error message by code: ${[...this.longestMessageByCode.entries()].map(([code, m]) => `${code}=${m.chars} chars (${JSON.stringify(m.start)}…)`).join('; ')}`,
    ].join('\n');
  }
}
