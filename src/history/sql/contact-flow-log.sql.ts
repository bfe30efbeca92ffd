import type { SqlQuery } from '../query-engine';
import { contactIdIn, type ByContactRequest } from './by-contact.sql';
import { partitionPredicate } from './partitions.sql';
import { jsonScalar, jsonValue } from './json.sql';
import { resourceArnScopePredicate } from './scope';
import { sql, timestampOf } from './sql-fragment';

/** Columns of a flow log row as {@link contactFlowLogsQuery} returns them (snake_case: Athena lower-cases result names). */
export interface ContactFlowLogRow {
  contact_id: string;
  /** The entry's own `Timestamp` (flow time, ISO with milliseconds). */
  flow_timestamp: string | null;
  /** The row's `timestamp`: CloudWatch ingestion time, the partition key. */
  logged_timestamp: string | null;
  event_id: string;
  contact_flow_id: string | null;
  contact_flow_name: string | null;
  module_type: string | null;
  identifier: string | null;
  /** JSON text of `Parameters`. */
  parameters: string | null;
  results: string | null;
  /** JSON text of `ExternalResults`. */
  external_results: string | null;
}

/**
 * The contact flow log entries of a batch of contacts (the Data Analytics Sample's customer journey
 * trace), read from `connect_cfl` where `message` is the entry as JSON text: the contact ids are
 * bound in an IN list on `message.ContactId` inside the read, CloudWatch re-deliveries are dropped
 * (one row per `eventid`), and the entries come back per contact in flow order (the entry's own
 * Timestamp, then arrival, then event id). Flow logs carry no instance column: they are read only
 * for contacts the caller was already allowed to see, and the entry's contact flow ARN must lie in
 * one of the caller's instances too.
 */
export function contactFlowLogsQuery(request: ByContactRequest): SqlQuery {
  const { dialect } = request;
  const field = (name: string) => jsonScalar(dialect, 'message', [name]);
  const contactId = field('ContactId');
  const q = sql`WITH entries AS (
  SELECT
    ${contactId} AS contact_id,
    ${field('Timestamp')} AS flow_timestamp,
    "timestamp" AS logged_timestamp,
    eventid AS event_id,
    ${field('ContactFlowId')} AS contact_flow_id,
    ${field('ContactFlowName')} AS contact_flow_name,
    ${field('ContactFlowModuleType')} AS module_type,
    ${field('Identifier')} AS identifier,
    ${jsonValue(dialect, 'message', ['Parameters'])} AS parameters,
    ${field('Results')} AS results,
    ${jsonValue(dialect, 'message', ['ExternalResults'])} AS external_results,
    row_number() OVER (PARTITION BY eventid ORDER BY "timestamp") AS delivery_rank
  FROM connect_cfl
  WHERE ${partitionPredicate(request.partitions)}
    AND ${contactIdIn(contactId, request.contactIds)}
    AND ${resourceArnScopePredicate(request.scope, field('ContactFlowId'))}
)
SELECT contact_id, flow_timestamp, logged_timestamp, event_id, contact_flow_id, contact_flow_name, module_type, identifier, parameters, results, external_results
FROM entries
WHERE delivery_rank = 1
ORDER BY contact_id, ${timestampOf(dialect, 'flow_timestamp')}, ${timestampOf(dialect, 'logged_timestamp')}, event_id`;
  return { id: 'contact_flow_logs_by_contact', sql: q.text, params: q.params, ...(request.freshness ? { freshness: request.freshness } : {}) };
}
