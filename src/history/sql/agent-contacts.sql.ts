import type { SqlQuery } from '../query-engine';
import { dedupedContactsCte } from './contacts.sql';
import { partitionPredicate } from './partitions.sql';
import { boundList, type AgentRangeRequest } from './range-request.sql';
import { sql, timestampOf, timestampParam, type SqlFragment } from './sql-fragment';

/** Parameters of the per-agent CTR queries. */
export type AgentContactsRequest = AgentRangeRequest;

/**
 * A statement over the de-duplicated contacts (latest CTR delivery) of the request's partitions:
 * `WITH contacts …` followed by the statement, which gets the connection-to-agent instant and the
 * agents' IN list.
 */
function agentContactsQuery(
  request: AgentContactsRequest,
  id: string,
  statement: (connected: SqlFragment, agents: SqlFragment) => SqlFragment,
): SqlQuery {
  const { dialect } = request;
  const connected = timestampOf(dialect, 'agent_connected_to_agent_timestamp');
  const q = sql`WITH ${dedupedContactsCte(dialect, request.scope, partitionPredicate(request.partitions))}
${statement(connected, boundList(request.agentArns))}`;
  return { id, sql: q.text, params: q.params, freshness: { from: request.from, to: request.to } };
}

/** A row of {@link agentContactSpansQuery}: when one contact kept one agent busy. */
export interface AgentContactSpanRow {
  agent_arn: string;
  contact_id: string;
  channel: string | null;
  connected_to_agent_timestamp: string;
  disconnect_timestamp: string | null;
  after_contact_work_start_timestamp: string | null;
  after_contact_work_end_timestamp: string | null;
}

/**
 * The contacts (latest CTR delivery) the agents handled that overlap [from, to): connected to the
 * agent before `to`, and still in talk or after-contact work at or after `from`. Ordered by agent,
 * connection time, contact id.
 */
export function agentContactSpansQuery(request: AgentContactsRequest): SqlQuery {
  const { dialect } = request;
  return agentContactsQuery(request, 'agent_contact_spans', (connected, agents) => sql`SELECT
  agent_arn,
  contact_id,
  channel,
  agent_connected_to_agent_timestamp AS connected_to_agent_timestamp,
  disconnect_timestamp,
  agent_after_contact_work_start_timestamp AS after_contact_work_start_timestamp,
  agent_after_contact_work_end_timestamp AS after_contact_work_end_timestamp
FROM contacts
WHERE agent_arn IN (${agents})
  AND agent_connected_to_agent_timestamp IS NOT NULL
  AND ${connected} < ${timestampParam(dialect, request.to)}
  AND ${timestampOf(dialect, 'coalesce(agent_after_contact_work_end_timestamp, disconnect_timestamp, agent_connected_to_agent_timestamp)')} >= ${timestampParam(dialect, request.from)}
ORDER BY agent_arn, ${connected}, contact_id`);
}

/** A row of {@link agentHandledQuery}: one agent's handled contacts in the range. */
export interface AgentHandledRow {
  agent_arn: string;
  contacts_handled: number | string;
  handle_time_seconds_sum: number | string | null;
  handle_time_count: number | string;
}

/**
 * Per agent, the contacts (latest CTR delivery) connected to the agent in [from, to) — Connect's
 * CONTACTS_HANDLED — and the sum and count of their handle time (interaction + customer hold +
 * after-contact work, AVG_HANDLE_TIME). Agents without such contacts have no row.
 */
export function agentHandledQuery(request: AgentContactsRequest): SqlQuery {
  const { dialect } = request;
  return agentContactsQuery(request, 'agent_handled', (connected, agents) => sql`SELECT
  agent_arn,
  CAST(count(*) AS BIGINT) AS contacts_handled,
  CAST(sum(CASE WHEN agent_interaction_duration IS NOT NULL THEN agent_interaction_duration + coalesce(agent_customer_hold_duration, 0) + coalesce(agent_after_contact_work_duration, 0) END) AS BIGINT) AS handle_time_seconds_sum,
  CAST(count(agent_interaction_duration) AS BIGINT) AS handle_time_count
FROM contacts
WHERE agent_arn IN (${agents})
  AND agent_connected_to_agent_timestamp IS NOT NULL
  AND ${connected} >= ${timestampParam(dialect, request.from)}
  AND ${connected} < ${timestampParam(dialect, request.to)}
GROUP BY agent_arn
ORDER BY agent_arn`);
}
