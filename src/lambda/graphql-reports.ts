import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from 'pino';
import { AppError, INTERNAL_ERROR_CODE } from '../domain/errors';
import type { Principal } from '../domain/principal';
import type { Authenticator } from '../server/graphql/auth/authenticator';
import { missingScopeError } from '../server/graphql/auth/scope-check';
import { readTrustedDocumentsManifest, trustedDocumentsOf } from '../server/graphql/trusted-documents';
import { REPORTS_PATH, reportErrorAnswer, type ExecuteReport, type ReportAnswerer, type ReportHttpAnswer } from '../server/graphql/reports/report-answer';
import { resolveReports, type ResolvedReport } from '../server/graphql/reports/report-catalog';
import { linkAuthorization } from '../server/graphql/reports/report-link';

/**
 * The saved reports on the GraphQL Lambda (docs/reports.md → On the Lambda): `GET /reports` and
 * `GET /reports/{file}` of the same HTTP API, answered by the same transport-free answerer as the Node
 * server's express route. Authentication is the Lambda's `/graphql` one (the event's headers), plus a
 * signed link given as `?link=`; the scope is `metrics:read`. There is no response cache and no rate
 * limiter here: answers are `Cache-Control: no-store`, and API Gateway's throttling applies.
 */

/** Whether an event is for `/reports` (the index) or `/reports/<file>`. */
export function isReportsEvent(event: APIGatewayProxyEventV2): boolean {
  const path = event.rawPath ?? '';
  return path === REPORTS_PATH || path === `${REPORTS_PATH}/` || path.startsWith(`${REPORTS_PATH}/`);
}

/**
 * The reports of the trusted-documents manifest bundled into the function: `dist/persisted-documents.json`
 * as `npm run build` wrote it, inlined by esbuild at packaging time (serverless-esbuild bundles the
 * `require` of a literal path), so the deployed package carries the very texts the manifest registers.
 * @throws Error naming the missing operations (a stale manifest), or the keys that are not the SHA-256 of their documents.
 */
export function bundledReports(): ResolvedReport[] {
  const file = 'dist/persisted-documents.json (bundled into the function at packaging time)';
  // A literal path esbuild can inline; from source (tests, local invocations) it is read from dist/ as the Node server reads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild inlines only a require/import of a literal path, and tsc must not need the file
  const manifest = require('../../dist/persisted-documents.json') as Record<string, string>;
  return reportsOfManifest(manifest, file);
}

/**
 * The reports of a manifest, after checking that every key is the SHA-256 of its document (a report is a
 * trusted operation: the text run is the registered one).
 * @throws Error naming what is missing or stale.
 */
export function reportsOfManifest(manifest: Readonly<Record<string, string>>, file: string): ResolvedReport[] {
  trustedDocumentsOf(manifest);
  return resolveReports(manifest, file);
}

/** The reports of a manifest file (`TRUSTED_DOCUMENTS_FILE`-style), for tests and local invocations. */
export function reportsOfManifestFile(file: string): ResolvedReport[] {
  return reportsOfManifest(readTrustedDocumentsManifest(file, `The saved reports (${REPORTS_PATH}) of the GraphQL Lambda run operations of the trusted-documents manifest,`), file);
}

/** What {@link answerReportsEvent} needs of the handler. */
export interface LambdaReportsParts {
  /** The answerer, or undefined when the reports could not be loaded (logged on the first invocation). */
  readonly answerer: ReportAnswerer | undefined;
  readonly authenticator: Authenticator;
  /** Runs a report's operation as the given principal, with the invocation's context. */
  readonly execute: (principal: Principal) => ExecuteReport;
  readonly logger: Logger;
  /** The 401/503 answer of an authentication failure, as `/graphql` answers it. */
  readonly authFailure: (error: AppError) => APIGatewayProxyStructuredResultV2;
}

/** An answer of the shared answerer as an API Gateway v2 result. */
export function toLambdaResult(answer: ReportHttpAnswer): APIGatewayProxyStructuredResultV2 {
  if (answer.kind === 'json') {
    return { statusCode: answer.status, headers: { ...answer.headers, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(answer.value) };
  }
  return { statusCode: answer.status, headers: { ...answer.headers }, body: answer.body };
}

/** Status of the refusal of each step before a report runs. */
const STATUS_OF_LINK_ERROR = 400;
const STATUS_OF_SCOPE_ERROR = 403;

/**
 * Answers a `/reports` event: `?link=` moved into `Authorization` (400 with a credential header too, or
 * twice), the credential authenticated (401/503), `metrics:read` required (403), then the index or the
 * report. An unexpected failure is logged and answered 500 without details.
 */
export async function answerReportsEvent(event: APIGatewayProxyEventV2, parts: LambdaReportsParts): Promise<APIGatewayProxyStructuredResultV2> {
  if (event.requestContext?.http?.method !== undefined && event.requestContext.http.method !== 'GET') {
    return { statusCode: 405, headers: { allow: 'GET', 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify({ errors: [{ message: `${REPORTS_PATH} is read with GET.`, extensions: { code: 'METHOD_NOT_ALLOWED' } }] }) };
  }
  // rawQueryString through URLSearchParams: repeated parameters are seen (queryStringParameters joins them with commas).
  const searchParams = new URLSearchParams(event.rawQueryString ?? '');
  const headers: Record<string, string | undefined> = { ...event.headers };
  try {
    const authorization = linkAuthorization(searchParams, headers);
    if (authorization !== undefined) headers.authorization = authorization;
  } catch (error) {
    if (error instanceof AppError) return toLambdaResult(reportErrorAnswer(STATUS_OF_LINK_ERROR, error));
    throw error;
  }
  let principal: Principal;
  try {
    principal = await parts.authenticator.authenticate(headers);
  } catch (error) {
    if (error instanceof AppError) return parts.authFailure(error);
    throw error;
  }
  const refusal = missingScopeError(principal, 'metrics:read');
  if (refusal !== undefined) return toLambdaResult(reportErrorAnswer(STATUS_OF_SCOPE_ERROR, refusal));
  if (parts.answerer === undefined) {
    return {
      statusCode: 500,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      body: JSON.stringify({
        errors: [{ message: 'The saved reports are not available on this deployment: its package lacks their operations (the function log says which). Rebuild (npm run build) and redeploy; /graphql is not affected.', extensions: { code: INTERNAL_ERROR_CODE } }],
      }),
    };
  }
  const path = event.rawPath.replace(/\/+$/, '');
  if (path === REPORTS_PATH) return toLambdaResult(parts.answerer.index());
  try {
    const file = decodedSegment(path.slice(REPORTS_PATH.length + 1));
    const answer = await parts.answerer.answer(
      { file, searchParams, accept: headerOf(event, 'accept'), ifNoneMatch: headerOf(event, 'if-none-match') },
      parts.execute(principal),
    );
    return toLambdaResult(answer);
  } catch (error) {
    parts.logger.error({ err: error, path: event.rawPath }, 'saved report failed');
    return { statusCode: 500, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: INTERNAL_ERROR_CODE } }] }) };
  }
}

/** A path segment percent-decoded as express decodes route parameters; a malformed escape is kept as sent (an unknown report then). */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A header of the event (API Gateway lower-cases names; a hand-made event may not). */
function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}
