import type { DayPartition } from '../../domain/time-range';
import type { SqlQuery } from '../query-engine';
import { dedupedContactsCte } from './contacts.sql';
import { partitionPredicate } from './partitions.sql';
import type { Scope } from './scope';
import { join, sql, timestampOf, timestampParam, type Dialect } from './sql-fragment';

/** Parameters of the per-agent CTR queries. */
export interface AgentContactsRequest {
  readonly dialect: Dialect;
  readonly scope: Scope;
  /** The range's UTC days plus the look-back for contacts initiated before `from` and handled in it. */
  readonly partitions: readonly DayPartition[];
  /** Agent ARNs; at least one. */
  readonly agentArns: readonly string[];
  readonly from: Date;
  readonly to: Date;
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
  const connected = timestampOf(dialect, 'agent_connected_to_agent_timestamp');
  const agents = join(request.agentArns.map((arn) => sql`${arn}`), ', ');
  const q = sql`WITH ${dedupedContactsCte(dialect, request.scope, partitionPredicate(request.partitions))}
SELECT
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
ORDER BY agent_arn, ${connected}, contact_id`;
  return { id: 'agent_contact_spans', sql: q.text, params: q.params, freshness: { from: request.from, to: request.to } };
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
  const connected = timestampOf(dialect, 'agent_connected_to_agent_timestamp');
  const agents = join(request.agentArns.map((arn) => sql`${arn}`), ', ');
  const q = sql`WITH ${dedupedContactsCte(dialect, request.scope, partitionPredicate(request.partitions))}
SELECT
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
ORDER BY agent_arn`;
  return { id: 'agent_handled', sql: q.text, params: q.params, freshness: { from: request.from, to: request.to } };
}
