import type { DayPartition } from '../../domain/time-range';
import type { SqlQuery } from '../query-engine';
import { partitionPredicate } from './partitions.sql';
import { boundList, type AgentRangeRequest } from './range-request.sql';
import { scopePredicate, type Scope } from './scope';
import { raw, sql, timestampOf, timestampParam, type Dialect, type SqlFragment } from './sql-fragment';

/**
 * An array of structs rendered as one delimited string, the same way in both dialects: each element
 * becomes `concat(fields…)` and the elements are joined with `;`. (DuckDB `list_transform` +
 * `array_to_string`; Trino `transform` + `array_join`.) The values joined are ids, ARNs, enum names
 * and ISO timestamps, which never contain `|` or `;`.
 */
function joinedList(dialect: Dialect, arrayColumn: string, element: string): SqlFragment {
  return raw(
    dialect === 'duckdb'
      ? `array_to_string(list_transform(${arrayColumn}, x -> ${element}), ';')`
      : `array_join(transform(${arrayColumn}, x -> ${element}), ';')`,
  );
}

/** `contactId|state|stateStartTimestamp|initiationMethod` per contact of the current snapshot. */
const CONTACTS_ELEMENT = "concat(x.contactid, '|', x.state, '|', x.statestarttimestamp, '|', coalesce(x.initiationmethod, ''))";
/** `queueArn|queueName` per inbound queue of the routing profile (agent queues have no name). */
const QUEUES_ELEMENT = "concat(x.arn, '|', coalesce(x.name, ''))";

/** A row of {@link agentEventsQuery}: one agent event with the snapshot fields the status history reads. */
export interface AgentEventRow {
  agent_arn: string;
  event_id: string;
  event_type: string;
  event_timestamp: string;
  status_name: string | null;
  status_type: string | null;
  status_arn: string | null;
  status_start: string | null;
  /** `contactId|state|stateStartTimestamp|initiationMethod` joined with `;` (empty: no contacts). */
  contacts: string | null;
}

/** Parameters of {@link agentEventsQuery}. */
export type AgentEventsRequest = AgentRangeRequest;

/**
 * The agent events the status history of some agents over [from, to) needs, per agent in event
 * order: events de-duplicated by `EventId`; of the events before `from`, only the newest one (the
 * state in force at `from`) and the newest LOGIN or LOGOUT (whether a session was open); of the events
 * in the range, only those that change something — a heartbeat repeating the previous snapshot's
 * status and contacts is left out (LOGIN and LOGOUT are always kept).
 */
export function agentEventsQuery(request: AgentEventsRequest): SqlQuery {
  const { dialect } = request;
  const eventAt = timestampOf(dialect, 'event_timestamp');
  const statusAt = timestampOf(dialect, 'status_start');
  const from = timestampParam(dialect, request.from);
  const order = sql`event_at, status_at, event_id`;
  const orderDesc = raw('event_at DESC, status_at DESC, event_id DESC');
  const agents = boundList(request.agentArns);
  const q = sql`WITH deliveries AS (
  SELECT
    agentarn AS agent_arn,
    eventid AS event_id,
    eventtype AS event_type,
    eventtimestamp AS event_timestamp,
    currentagentsnapshot.agentstatus.name AS status_name,
    currentagentsnapshot.agentstatus.type AS status_type,
    currentagentsnapshot.agentstatus.arn AS status_arn,
    currentagentsnapshot.agentstatus.starttimestamp AS status_start,
    ${joinedList(dialect, 'currentagentsnapshot.contacts', CONTACTS_ELEMENT)} AS contacts,
    row_number() OVER (PARTITION BY eventid ORDER BY eventtimestamp) AS delivery_rank
  FROM connect_ae
  WHERE ${partitionPredicate(request.partitions)} AND ${scopePredicate(request.scope, 'instancearn')}
    AND agentarn IN (${agents})
    AND ${timestampOf(dialect, 'eventtimestamp')} < ${timestampParam(dialect, request.to)}
),
events AS (
  SELECT
    *,
    ${eventAt} AS event_at,
    ${statusAt} AS status_at,
    concat(coalesce(status_name, ''), '|', coalesce(status_start, ''), '|', coalesce(contacts, '')) AS signature
  FROM deliveries
  WHERE delivery_rank = 1
),
ranked AS (
  SELECT
    *,
    lag(signature) OVER (PARTITION BY agent_arn ORDER BY ${order}) AS previous_signature,
    row_number() OVER (PARTITION BY agent_arn, event_at < ${from} ORDER BY ${orderDesc}) AS recency,
    row_number() OVER (PARTITION BY agent_arn, event_at < ${from}, event_type IN ('LOGIN', 'LOGOUT') ORDER BY ${orderDesc}) AS session_recency
  FROM events
)
SELECT agent_arn, event_id, event_type, event_timestamp, status_name, status_type, status_arn, status_start, contacts
FROM ranked
WHERE (event_at >= ${from} AND (previous_signature IS NULL OR signature <> previous_signature OR event_type IN ('LOGIN', 'LOGOUT')))
  OR (event_at < ${from} AND (recency = 1 OR (session_recency = 1 AND event_type IN ('LOGIN', 'LOGOUT'))))
ORDER BY agent_arn, ${order}`;
  return { id: 'agent_events', sql: q.text, params: q.params, freshness: { from: request.from, to: request.to } };
}

/** A row of {@link agentDirectoryQuery}: the newest snapshot of one agent. */
export interface AgentDirectoryRow {
  agent_arn: string;
  instance_arn: string | null;
  last_event_timestamp: string;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  routing_profile_arn: string | null;
  routing_profile_name: string | null;
  /** `queueArn|queueName` joined with `;`. */
  inbound_queues: string | null;
  hierarchy_level_1_arn: string | null;
  hierarchy_level_1_name: string | null;
  hierarchy_level_2_arn: string | null;
  hierarchy_level_2_name: string | null;
  hierarchy_level_3_arn: string | null;
  hierarchy_level_3_name: string | null;
  hierarchy_level_4_arn: string | null;
  hierarchy_level_4_name: string | null;
  hierarchy_level_5_arn: string | null;
  hierarchy_level_5_name: string | null;
}

/**
 * The newest agent event of every agent in the partitions (by event time, then event id), with the
 * configuration of its snapshot: username, names, routing profile with its inbound queues, and the
 * hierarchy groups. Always bounded by `partitions` (the directory's window).
 */
export function agentDirectoryQuery(dialect: Dialect, scope: Scope, partitions: readonly DayPartition[], freshness?: { from: Date; to: Date }): SqlQuery {
  const levels = [1, 2, 3, 4, 5].map(
    (l) => `currentagentsnapshot.configuration.agenthierarchygroups.level${l}.arn AS hierarchy_level_${l}_arn,\n    currentagentsnapshot.configuration.agenthierarchygroups.level${l}.name AS hierarchy_level_${l}_name`,
  );
  const q = sql`WITH snapshots AS (
  SELECT
    agentarn AS agent_arn,
    instancearn AS instance_arn,
    eventtimestamp AS last_event_timestamp,
    currentagentsnapshot.configuration.username AS username,
    currentagentsnapshot.configuration.firstname AS first_name,
    currentagentsnapshot.configuration.lastname AS last_name,
    currentagentsnapshot.configuration.routingprofile.arn AS routing_profile_arn,
    currentagentsnapshot.configuration.routingprofile.name AS routing_profile_name,
    ${joinedList(dialect, 'currentagentsnapshot.configuration.routingprofile.inboundqueues', QUEUES_ELEMENT)} AS inbound_queues,
    ${raw(levels.join(',\n    '))},
    row_number() OVER (PARTITION BY agentarn ORDER BY ${timestampOf(dialect, 'eventtimestamp')} DESC, eventid DESC) AS recency
  FROM connect_ae
  WHERE ${partitionPredicate(partitions)} AND ${scopePredicate(scope, 'instancearn')} AND agentarn IS NOT NULL
)
SELECT
  agent_arn, instance_arn, last_event_timestamp, username, first_name, last_name, routing_profile_arn, routing_profile_name, inbound_queues,
  hierarchy_level_1_arn, hierarchy_level_1_name, hierarchy_level_2_arn, hierarchy_level_2_name, hierarchy_level_3_arn, hierarchy_level_3_name,
  hierarchy_level_4_arn, hierarchy_level_4_name, hierarchy_level_5_arn, hierarchy_level_5_name
FROM snapshots
WHERE recency = 1
ORDER BY agent_arn`;
  return { id: 'agent_directory', sql: q.text, params: q.params, freshness };
}
