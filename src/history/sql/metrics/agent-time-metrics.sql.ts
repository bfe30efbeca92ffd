import type { AeComponent, ComponentRequest } from '../../../domain/metrics/metric-components';
import { AGENT_CONTACT_STATES, LEGACY_CUSTOM_STATUS_TYPE } from '../../../domain/records/connect-enums';
import type { DayPartition } from '../../../domain/time-range';
import type { SqlQuery } from '../../query-engine';
import { partitionPredicate } from '../partitions.sql';
import { scopePredicate } from '../scope';
import { join, raw, sql, timestampOf, type Dialect, type SqlFragment } from '../sql-fragment';
import {
  AGENT_DIMENSION_KEYS,
  aggregateFacts,
  arrayLength,
  bucketsCte,
  componentSelect,
  dimensionSelect,
  filterPredicate,
  sumWhen,
  type DimensionColumns,
  type MetricQueryCommon,
} from './metric-sql';

/** An agent-activity metrics query. */
export interface AgentTimeMetricsQueryRequest extends MetricQueryCommon<AeComponent> {
  /** Agent event partitions to read: the range, a day before and a day after. */
  readonly eventPartitions: readonly DayPartition[];
}

/** How long the last known state of an agent lasts when no later event exists yet: one heartbeat period. */
export const LAST_STATE_MAX_SECONDS = 120;

/** The `agent_states` relation as dimensions: the agent's configuration at the time (current snapshot). */
export const AGENT_STATE_DIMENSIONS: DimensionColumns = {
  keys: AGENT_DIMENSION_KEYS,
};

const SNAPSHOT = 'currentagentsnapshot';

/** Number of the event's contacts that satisfy a condition on `x` (a `Contacts[]` element). */
function contactsWhere(dialect: Dialect, condition: string): string {
  return arrayLength(dialect, `filter(agent_contacts, x -> ${condition})`);
}

/** The documented contact states as an SQL list (constants of the code, not user input). */
const KNOWN_CONTACT_STATES = AGENT_CONTACT_STATES.map((state) => `'${state}'`).join(', ');

/**
 * What the agent is doing, from the status and the contacts, as `deriveActivity` decides it for live
 * state (the status stays Available on a contact): the first matching row wins. A contact in a state
 * Connect added after this code occupies the agent (ON_CONTACT) unless a documented state decides first.
 */
function activity(dialect: Dialect): string {
  const since = timestampOf(dialect, 'status_start_timestamp').text;
  const stateSince = timestampOf(dialect, 'x.statestarttimestamp').text;
  return `CASE
      WHEN event_type = 'LOGOUT' THEN 'OFFLINE'
      WHEN ${contactsWhere(dialect, "x.state = 'CONNECTED'")} > 0 THEN 'ON_CONTACT'
      WHEN ${contactsWhere(dialect, "x.state IN ('CONNECTED_ONHOLD', 'PAUSED')")} > 0 THEN 'ON_HOLD'
      WHEN ${contactsWhere(dialect, "x.state IN ('INCOMING', 'PENDING', 'CONNECTING')")} > 0 THEN 'INCOMING'
      WHEN ${contactsWhere(dialect, "x.state = 'ENDED'")} > 0 THEN 'AFTER_CONTACT_WORK'
      WHEN ${contactsWhere(dialect, `x.state IN ('MISSED', 'REJECTED', 'ERROR') AND ${stateSince} >= ${since}`)} > 0 THEN 'MISSED'
      WHEN ${contactsWhere(dialect, `x.state NOT IN (${KNOWN_CONTACT_STATES})`)} > 0 THEN 'ON_CONTACT'
      WHEN status_class = 'OFFLINE' THEN 'OFFLINE'
      WHEN status_class = 'ROUTABLE' THEN 'AVAILABLE'
      ELSE 'NON_PRODUCTIVE'
    END`;
}

/** Contacts that entered MISSED or REJECTED since the agent's previous event. */
function nonResponses(dialect: Dialect): string {
  const stateSince = timestampOf(dialect, 'x.statestarttimestamp').text;
  return contactsWhere(dialect, `x.state IN ('MISSED', 'REJECTED') AND (previous_event_at IS NULL OR ${stateSince} > previous_event_at)`);
}

/** Agent event columns, de-duplicated by EventId (Connect delivers them at least once). */
function eventColumns(dialect: Dialect): string {
  const hierarchy = [1, 2, 3, 4, 5].flatMap((level) => [
    `${SNAPSHOT}.configuration.agenthierarchygroups.level${level}.arn AS agent_hierarchy_level${level}_arn`,
    `${SNAPSHOT}.configuration.agenthierarchygroups.level${level}.name AS agent_hierarchy_level${level}_name`,
  ]);
  return [
    'agentarn AS agent_arn',
    'eventid AS event_id',
    'eventtype AS event_type',
    `${timestampOf(dialect, 'eventtimestamp').text} AS event_at`,
    `${SNAPSHOT}.configuration.username AS agent_username`,
    `${SNAPSHOT}.configuration.routingprofile.arn AS agent_routing_profile_arn`,
    `${SNAPSHOT}.configuration.routingprofile.name AS agent_routing_profile_name`,
    ...hierarchy,
    `${SNAPSHOT}.agentstatus.name AS status_name`,
    // Statuses without a Type are typed the way Connect types them (`statusTypeOf`): Available, Offline, else CUSTOM.
    `coalesce(nullif(${SNAPSHOT}.agentstatus.type, ''), CASE ${SNAPSHOT}.agentstatus.name WHEN 'Available' THEN 'ROUTABLE' WHEN 'Offline' THEN 'OFFLINE' ELSE 'CUSTOM' END) AS status_type`,
    `${SNAPSHOT}.agentstatus.starttimestamp AS status_start_timestamp`,
    `${SNAPSHOT}.contacts AS agent_contacts`,
    `row_number() OVER (PARTITION BY eventid ORDER BY ${timestampOf(dialect, 'eventtimestamp').text}) AS delivery_rank`,
  ].join(',\n    ');
}

/**
 * `statusClassOf` in SQL: OFFLINE (logged out, type OFFLINE or named Offline), ROUTABLE, CUSTOM (also
 * the legacy NOT_ROUTABLE), or UNKNOWN for a type Connect added later — online time, nothing else.
 */
const STATUS_CLASS = `CASE WHEN event_type = 'LOGOUT' THEN 'OFFLINE' WHEN status_type = 'OFFLINE' OR status_name = 'Offline' THEN 'OFFLINE' WHEN status_type = 'ROUTABLE' THEN 'ROUTABLE' WHEN status_type IN ('CUSTOM', '${LEGACY_CUSTOM_STATUS_TYPE}') THEN 'CUSTOM' ELSE 'UNKNOWN' END`;

/** The aggregate of one component over the `facts` rows (status time slices and non-response events). */
function agentAggregate(component: ComponentRequest<AeComponent>): SqlFragment {
  const ms = raw('overlap_ms');
  switch (component.name) {
    case 'online_ms':
      return sumWhen(raw("status_class <> 'OFFLINE'"), ms);
    case 'idle_ms':
      return sumWhen(raw("status_class = 'ROUTABLE' AND activity IN ('AVAILABLE', 'MISSED')"), ms);
    case 'non_productive_ms':
      return sumWhen(raw("status_class = 'CUSTOM'"), ms);
    case 'on_contact_ms':
      return sumWhen(raw("status_class = 'ROUTABLE' AND activity IN ('ON_CONTACT', 'ON_HOLD', 'AFTER_CONTACT_WORK')"), ms);
    case 'connecting_ms':
      return sumWhen(raw("status_class = 'ROUTABLE' AND activity = 'INCOMING'"), ms);
    case 'error_ms':
      return sumWhen(raw("status_class <> 'OFFLINE' AND activity = 'MISSED'"), ms);
    case 'non_responses':
      return raw('sum(non_responses)');
  }
}

/**
 * Agent-activity metrics per interval and dimensions. Agent status intervals are rebuilt from agent
 * events: de-duplicated by EventId, ordered by EventTimestamp (then EventId) per agent, each event's
 * snapshot in force until the agent's next event (`lead`), the last one at most
 * {@link LAST_STATE_MAX_SECONDS}. Each interval is classified (status class and activity, as live
 * state derives them), split at bucket edges by overlapping it with the buckets, and the overlap is
 * summed in milliseconds. Non-responses count at the event that first shows them.
 */
export function agentTimeMetricsQuery(request: AgentTimeMetricsQueryRequest): SqlQuery {
  const { dialect, groupings, filters } = request;
  const dims = groupings.length ? sql`${dimensionSelect(groupings, AGENT_STATE_DIMENSIONS)}, ` : raw('');
  const where = filterPredicate(filters, AGENT_STATE_DIMENSIONS);
  const stateColumns = [
    'agent_arn',
    'agent_username',
    'agent_routing_profile_arn',
    'agent_routing_profile_name',
    ...[1, 2, 3, 4, 5].flatMap((level) => [`agent_hierarchy_level${level}_arn`, `agent_hierarchy_level${level}_name`]),
  ].join(', ');
  const timeSlices = sql`SELECT b.bucket_index, ${dims}s.status_class, s.activity,
    date_diff('millisecond', greatest(s.state_start, b.bucket_start), least(s.state_end, b.bucket_end)) AS overlap_ms,
    0 AS non_responses
  FROM agent_states s
  JOIN buckets b ON s.state_start < b.bucket_end AND s.state_end > b.bucket_start
  WHERE s.status_class <> 'OFFLINE' AND ${where}`;
  const parts: SqlFragment[] = [timeSlices];
  if (request.components.some((c) => c.name === 'non_responses')) {
    parts.push(sql`SELECT b.bucket_index, ${dims}s.status_class, s.activity, 0 AS overlap_ms, s.non_responses
  FROM agent_states s
  JOIN buckets b ON s.state_start >= b.bucket_start AND s.state_start < b.bucket_end
  WHERE s.non_responses > 0 AND ${where}`);
  }
  const q = sql`WITH ae_deliveries AS (
  SELECT
    ${raw(eventColumns(dialect))}
  FROM connect_ae
  WHERE ${partitionPredicate(request.eventPartitions)} AND ${scopePredicate(request.scope, 'instancearn')}
),
ae_events AS (
  SELECT *,
    ${raw(STATUS_CLASS)} AS status_class,
    lead(event_at) OVER (PARTITION BY agent_arn ORDER BY event_at, event_id) AS next_event_at,
    lag(event_at) OVER (PARTITION BY agent_arn ORDER BY event_at, event_id) AS previous_event_at
  FROM ae_deliveries
  WHERE delivery_rank = 1
),
agent_states AS (
  SELECT ${raw(stateColumns)},
    status_class,
    ${raw(activity(dialect))} AS activity,
    ${raw(nonResponses(dialect))} AS non_responses,
    event_at AS state_start,
    coalesce(next_event_at, event_at + INTERVAL '${raw(String(LAST_STATE_MAX_SECONDS))}' SECOND) AS state_end
  FROM ae_events
),
${bucketsCte(dialect, request.buckets)},
facts AS (
  ${join(parts, '\n  UNION ALL\n  ')}
)
${aggregateFacts(groupings, componentSelect(request.components, agentAggregate))}`;
  return { id: 'metrics_agent_time', sql: q.text, params: q.params, freshness: request.freshness };
}
