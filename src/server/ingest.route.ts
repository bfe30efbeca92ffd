import express from 'express';
import type { Logger } from 'pino';
import type { InstanceScope } from '../domain/principal';
import { requestPrincipal } from './auth/request-principal';
import { ingestAgentEventArray, pinoIngestLogger, type IngestDeps, type IngestResult } from '../services/agent-event-ingest.service';

/** The prefix of every ingest endpoint: all of them need `ingest:write` and are rate limited. */
export const INGEST_PATH_PREFIX = '/ingest';
/** The path of the agent-event ingest endpoint. */
export const INGEST_AGENT_EVENTS_PATH = '/ingest/agent-events';
/** Default largest request body. */
export const DEFAULT_INGEST_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

/** What the router needs: the ingest service's dependencies, with the server's pino logger. */
export interface IngestRouterDeps extends Omit<IngestDeps, 'logger'> {
  readonly logger: Logger;
  /** Largest accepted body, bytes. @default 5 MiB */
  readonly bodyLimitBytes?: number;
}

/** Codes of the `error` member of an ingest response. */
export type IngestErrorCode =
  /** Some records are not agent events (`rejected`); the others were applied. 400. */
  | 'INVALID_RECORDS'
  /** Some valid records could not be stored (`failed`); retry those. 500. */
  | 'WRITE_FAILED'
  /** The body is JSON but not an array. 400. */
  | 'NOT_AN_ARRAY'
  /** The body is not JSON. 400. */
  | 'INVALID_JSON'
  /** The body is larger than the limit. 413. */
  | 'PAYLOAD_TOO_LARGE'
  /** The Content-Type is not application/json. 415. */
  | 'UNSUPPORTED_MEDIA_TYPE';

/** A record that was not applied, by its position in the request array. */
export interface IngestRecordProblem {
  readonly index: number;
  readonly reason: string;
}

/**
 * The body of every response of `POST /ingest/agent-events`:
 * - `accepted` — records applied (stored; duplicates and stale events are accepted no-ops);
 * - `rejected` — malformed records (not JSON objects of the agent event shape) and refused ones (a
 *   timestamp in the future beyond the allowed skew, before 2017 or impossible; an instance outside
 *   the caller's scope), with the reason; never applied;
 * - `failed` — valid records whose agent state could not be written (safe to send again);
 * - `error` — present unless every record was accepted.
 */
export interface IngestResponseBody {
  readonly accepted: number;
  readonly rejected: readonly IngestRecordProblem[];
  readonly failed: readonly IngestRecordProblem[];
  readonly error?: { readonly code: IngestErrorCode; readonly message: string };
}

function problems(result: IngestResult, kind: 'malformed' | 'write_failed'): IngestRecordProblem[] {
  const list: IngestRecordProblem[] = [];
  result.outcomes.forEach((outcome, index) => {
    if (!outcome.ok && outcome.kind === kind) list.push({ index, reason: outcome.reason });
  });
  return list;
}

/** An ingest response body carrying only an error. */
function errorBody(code: IngestErrorCode, message: string): IngestResponseBody {
  return { accepted: 0, rejected: [], failed: [], error: { code, message } };
}

/** The response of an ingest call: status and body (`what` names the records in messages). */
export function ingestResponse(result: IngestResult, what = 'agent events'): { status: 200 | 400 | 500; body: IngestResponseBody } {
  const rejected = problems(result, 'malformed');
  const failed = problems(result, 'write_failed');
  const accepted = result.counts.applied;
  if (failed.length > 0) {
    const message = `${failed.length} of ${result.counts.received} records could not be stored (see failed); send them again. ${accepted} were applied.`;
    return { status: 500, body: { accepted, rejected, failed, error: { code: 'WRITE_FAILED', message } } };
  }
  if (rejected.length > 0) {
    const message = `${rejected.length} of ${result.counts.received} records are not valid ${what} or were refused (see rejected); the other ${accepted} were applied.`;
    return { status: 400, body: { accepted, rejected, failed, error: { code: 'INVALID_RECORDS', message } } };
  }
  return { status: 200, body: { accepted, rejected, failed } };
}

/**
 * The router of `POST /ingest/agent-events`: a JSON array of agent event records as Amazon Connect
 * publishes them (the objects of the Kinesis agent event stream, PascalCase), run through the same
 * ingest service as the Lambda.
 *
 * | status | when | body |
 * | --- | --- | --- |
 * | 200 | every record applied | `{ accepted, rejected: [], failed: [] }` |
 * | 400 | some records malformed — the valid ones *are* applied | `{ accepted, rejected: [{ index, reason }], failed: [], error: { code: 'INVALID_RECORDS' } }` |
 * | 400 | body not JSON / not an array | `{ accepted: 0, …, error: { code: 'INVALID_JSON' \| 'NOT_AN_ARRAY', message } }` |
 * | 413 | body over `bodyLimitBytes` | `error.code: 'PAYLOAD_TOO_LARGE'` |
 * | 415 | Content-Type not application/json | `error.code: 'UNSUPPORTED_MEDIA_TYPE'` |
 * | 500 | some agents' state could not be written | `{ accepted, rejected, failed: [{ index, reason }], error: { code: 'WRITE_FAILED' } }` |
 *
 * Requiring application/json also keeps browsers from posting here cross-site without a CORS
 * preflight (the route sends no CORS headers).
 */
export function createIngestRouter(deps: IngestRouterDeps): express.Router {
  const limitBytes = deps.bodyLimitBytes ?? DEFAULT_INGEST_BODY_LIMIT_BYTES;
  const ingestDeps: IngestDeps = {
    repository: deps.repository,
    publish: deps.publish,
    onMalformed: deps.onMalformed,
    maxFutureSkewSeconds: deps.maxFutureSkewSeconds,
    now: deps.now,
    logger: pinoIngestLogger(deps.logger),
  };
  return jsonArrayIngestRouter({
    path: INGEST_AGENT_EVENTS_PATH,
    limitBytes,
    what: 'records',
    notAnArray: 'The body must be a JSON array of agent event records, e.g. [{"AWSAccountId": …, "AgentARN": …, "EventType": "STATE_CHANGE", …}].',
    // Events of instances outside the principal's scope are refused like bad records.
    ingest: (records, scope) => ingestAgentEventArray(records, ingestDeps, scope),
  });
}

/** How one `POST /ingest/…` route reads its JSON array and runs it through its ingest service. */
export interface JsonArrayIngestRoute {
  readonly path: string;
  readonly limitBytes: number;
  /** What the array holds, in messages ("records", "events"). */
  readonly what: string;
  /** The NOT_AN_ARRAY message: what the body must be, with an example. */
  readonly notAnArray: string;
  /** Names the records in INVALID_RECORDS messages; @default "agent events" */
  readonly recordsName?: string;
  readonly ingest: (records: unknown[], scope: InstanceScope) => Promise<IngestResult>;
}

/**
 * A router for one ingest endpoint: JSON only (415 otherwise), an array only (400 NOT_AN_ARRAY),
 * invalid JSON (400) and an over-size body (413) answered in the ingest response shape, the
 * principal's instance scope passed to the ingest, and the result answered by {@link ingestResponse}.
 */
export function jsonArrayIngestRouter(route: JsonArrayIngestRoute): express.Router {
  const router = express.Router();
  router.post(route.path, express.json({ limit: route.limitBytes, strict: false }), async (req, res) => {
    if (!req.is('application/json')) {
      res.status(415).json(errorBody('UNSUPPORTED_MEDIA_TYPE', `Send the ${route.what} as a JSON array with Content-Type: application/json.`));
      return;
    }
    const body: unknown = req.body;
    if (!Array.isArray(body)) {
      res.status(400).json(errorBody('NOT_AN_ARRAY', route.notAnArray));
      return;
    }
    const result = await route.ingest(body as unknown[], requestPrincipal(res).instances);
    const { status, body: responseBody } = ingestResponse(result, route.recordsName);
    res.status(status).json(responseBody);
  });
  router.use(route.path, (error: Error & { type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('INVALID_JSON', `The body is not valid JSON: ${error.message}`));
    } else if (error.type === 'entity.too.large') {
      res.status(413).json(errorBody('PAYLOAD_TOO_LARGE', `The body is larger than ${route.limitBytes} bytes (INGEST_MAX_BODY_BYTES); send the ${route.what} in smaller arrays.`));
    } else {
      next(error);
    }
  });
  return router;
}
