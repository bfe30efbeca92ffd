import express from 'express';
import type { Logger } from 'pino';
import { requestPrincipal } from './auth/request-principal';
import { pinoIngestLogger } from '../services/agent-event-ingest.service';
import { ingestContactEventArray, type ContactIngestDeps } from '../services/contact-event-ingest.service';
import { DEFAULT_INGEST_BODY_LIMIT_BYTES, errorBody, ingestResponse } from './ingest.route';

/** The path of the contact-event ingest endpoint (under `/ingest`: `ingest:write` and the rate limit apply). */
export const INGEST_CONTACT_EVENTS_PATH = '/ingest/contact-events';

/** What the router needs: the contact ingest's dependencies, with the server's pino logger. */
export interface ContactEventsRouterDeps extends Omit<ContactIngestDeps, 'logger'> {
  readonly logger: Logger;
  /** Largest accepted body, bytes. @default 5 MiB */
  readonly bodyLimitBytes?: number;
}

/**
 * `POST /ingest/contact-events`: a JSON array of Amazon Connect contact events, either as
 * EventBridge delivers them (`{ "detail-type": "Amazon Connect Contact Event", "detail": {…} }`) or
 * their bare `detail` objects, run through the same ingest as the `contactEvents` Lambda. Statuses
 * and body (`{ accepted, rejected, failed, error? }`) are those of `POST /ingest/agent-events`.
 * Events of instances outside the caller's scope are rejected.
 */
export function createContactEventsRouter(deps: ContactEventsRouterDeps): express.Router {
  const limitBytes = deps.bodyLimitBytes ?? DEFAULT_INGEST_BODY_LIMIT_BYTES;
  const ingestDeps: ContactIngestDeps = { ...deps, logger: pinoIngestLogger(deps.logger) };
  const router = express.Router();
  router.post(INGEST_CONTACT_EVENTS_PATH, express.json({ limit: limitBytes, strict: false }), async (req, res) => {
    if (!req.is('application/json')) {
      res.status(415).json(errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send the events as a JSON array with Content-Type: application/json.'));
      return;
    }
    const body: unknown = req.body;
    if (!Array.isArray(body)) {
      res.status(400).json(errorBody('NOT_AN_ARRAY', 'The body must be a JSON array of contact events: EventBridge events ({"detail-type": "Amazon Connect Contact Event", "detail": {…}}) or their detail objects.'));
      return;
    }
    const result = await ingestContactEventArray(body as unknown[], ingestDeps, requestPrincipal(res).instances);
    const { status, body: responseBody } = ingestResponse(result, 'contact events');
    res.status(status).json(responseBody);
  });
  router.use(INGEST_CONTACT_EVENTS_PATH, (error: Error & { type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error.type === 'entity.parse.failed') res.status(400).json(errorBody('INVALID_JSON', `The body is not valid JSON: ${error.message}`));
    else if (error.type === 'entity.too.large') res.status(413).json(errorBody('PAYLOAD_TOO_LARGE', `The body is larger than ${limitBytes} bytes (INGEST_MAX_BODY_BYTES); send the events in smaller arrays.`));
    else next(error);
  });
  return router;
}
