import express from 'express';
import type { Logger } from 'pino';
import { pinoIngestLogger } from '../services/agent-event-ingest.service';
import { ingestContactEventArray, type ContactIngestDeps } from '../services/contact-event-ingest.service';
import { DEFAULT_INGEST_BODY_LIMIT_BYTES, jsonArrayIngestRouter } from './ingest.route';

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
  return jsonArrayIngestRouter({
    path: INGEST_CONTACT_EVENTS_PATH,
    limitBytes,
    what: 'events',
    recordsName: 'contact events',
    notAnArray: 'The body must be a JSON array of contact events: EventBridge events ({"detail-type": "Amazon Connect Contact Event", "detail": {…}}) or their detail objects.',
    ingest: (events, scope) => ingestContactEventArray(events, ingestDeps, scope),
  });
}
