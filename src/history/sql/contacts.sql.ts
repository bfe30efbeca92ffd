import type { DayPartition } from '../../domain/time-range';
import type { SqlQuery } from '../query-engine';
import { partitionPredicate } from './partitions.sql';
import { scopePredicate, type Scope } from './scope';
import { jsonColumnText, typedAsJson } from './json.sql';
import { join, raw, sql, timestampOf, timestampParam, type Dialect, type SqlFragment } from './sql-fragment';

/** Columns of a contact row as the builders return them (snake_case aliases: Athena lower-cases result names). */
export interface ContactRow {
  contact_id: string;
  initial_contact_id: string | null;
  previous_contact_id: string | null;
  next_contact_id: string | null;
  channel: string | null;
  initiation_method: string | null;
  initiation_timestamp: string;
  connected_to_system_timestamp: string | null;
  disconnect_timestamp: string | null;
  last_update_timestamp: string | null;
  disconnect_reason: string | null;
  instance_arn: string | null;
  aws_account_id: string | null;
  agent_connection_attempts: number | null;
  attributes: string | null;
  queue_arn: string | null;
  queue_name: string | null;
  queue_enqueue_timestamp: string | null;
  queue_dequeue_timestamp: string | null;
  queue_duration: number | null;
  agent_arn: string | null;
  agent_username: string | null;
  agent_connected_to_agent_timestamp: string | null;
  agent_interaction_duration: number | null;
  agent_customer_hold_duration: number | null;
  agent_number_of_holds: number | null;
  agent_longest_hold_duration: number | null;
  agent_after_contact_work_start_timestamp: string | null;
  agent_after_contact_work_end_timestamp: string | null;
  agent_after_contact_work_duration: number | null;
  agent_routing_profile_arn: string | null;
  agent_routing_profile_name: string | null;
  customer_endpoint_address: string | null;
  customer_endpoint_type: string | null;
  system_endpoint_address: string | null;
  system_endpoint_type: string | null;
  recording_location: string | null;
  recording_status: string | null;
  recording_type: string | null;
  recording_deletion_reason: string | null;
  aws_contact_trace_record_format_version: string | null;
  answering_machine_detection_status: string | null;
  campaign_id: string | null;
  scheduled_timestamp: string | null;
  transfer_completed_timestamp: string | null;
  transferred_to_endpoint_address: string | null;
  transferred_to_endpoint_type: string | null;
  /** JSON text of `MediaStreams` (see {@link typedAsJson}). */
  media_streams: string | null;
  /** JSON text of `Recordings`. */
  recordings: string | null;
  /** JSON text of `References`. */
  contact_references: string | null;
  /** JSON text of `ContactDetails`. */
  contact_details: string | null;
  /** JSON text of `VoiceIdResult`. */
  voice_id_result: string | null;
  agent_hierarchy_level1_arn: string | null;
  agent_hierarchy_level1_name: string | null;
  agent_hierarchy_level2_arn: string | null;
  agent_hierarchy_level2_name: string | null;
  agent_hierarchy_level3_arn: string | null;
  agent_hierarchy_level3_name: string | null;
  agent_hierarchy_level4_arn: string | null;
  agent_hierarchy_level4_name: string | null;
  agent_hierarchy_level5_arn: string | null;
  agent_hierarchy_level5_name: string | null;
}

/** Hierarchy levels of the CTR `Agent.HierarchyGroups`. */
export const HIERARCHY_LEVELS = [1, 2, 3, 4, 5] as const;

/** Source expressions of {@link ContactRow}, in the catalog's (case-insensitive) column names. */
function contactColumns(dialect: Dialect): SqlFragment {
  const json = (c: string) => jsonColumnText(dialect, c).text;
  const columns: [keyof ContactRow, string][] = [
    ['contact_id', 'contactid'],
    ['initial_contact_id', 'initialcontactid'],
    ['previous_contact_id', 'previouscontactid'],
    ['next_contact_id', 'nextcontactid'],
    ['channel', 'channel'],
    ['initiation_method', 'initiationmethod'],
    ['initiation_timestamp', 'initiationtimestamp'],
    ['connected_to_system_timestamp', 'connectedtosystemtimestamp'],
    ['disconnect_timestamp', 'disconnecttimestamp'],
    ['last_update_timestamp', 'lastupdatetimestamp'],
    ['disconnect_reason', 'disconnectreason'],
    ['instance_arn', 'instancearn'],
    ['aws_account_id', 'awsaccountid'],
    ['agent_connection_attempts', 'agentconnectionattempts'],
    ['attributes', json('attributes')],
    ['queue_arn', 'queue.arn'],
    ['queue_name', 'queue.name'],
    ['queue_enqueue_timestamp', 'queue.enqueuetimestamp'],
    ['queue_dequeue_timestamp', 'queue.dequeuetimestamp'],
    ['queue_duration', 'queue.duration'],
    ['agent_arn', 'agent.arn'],
    ['agent_username', 'agent.username'],
    ['agent_connected_to_agent_timestamp', 'agent.connectedtoagenttimestamp'],
    ['agent_interaction_duration', 'agent.agentinteractionduration'],
    ['agent_customer_hold_duration', 'agent.customerholdduration'],
    ['agent_number_of_holds', 'agent.numberofholds'],
    ['agent_longest_hold_duration', 'agent.longestholdduration'],
    ['agent_after_contact_work_start_timestamp', 'agent.aftercontactworkstarttimestamp'],
    ['agent_after_contact_work_end_timestamp', 'agent.aftercontactworkendtimestamp'],
    ['agent_after_contact_work_duration', 'agent.aftercontactworkduration'],
    ['agent_routing_profile_arn', 'agent.routingprofile.arn'],
    ['agent_routing_profile_name', 'agent.routingprofile.name'],
    ['customer_endpoint_address', 'customerendpoint.address'],
    ['customer_endpoint_type', 'customerendpoint.type'],
    ['system_endpoint_address', 'systemendpoint.address'],
    ['system_endpoint_type', 'systemendpoint.type'],
    ['recording_location', 'recording.location'],
    ['recording_status', 'recording.status'],
    ['recording_type', 'recording.type'],
    ['recording_deletion_reason', 'recording.deletionreason'],
    ['aws_contact_trace_record_format_version', 'awscontacttracerecordformatversion'],
    ['answering_machine_detection_status', 'answeringmachinedetectionstatus'],
    ['campaign_id', 'campaign.campaignid'],
    ['scheduled_timestamp', 'scheduledtimestamp'],
    ['transfer_completed_timestamp', 'transfercompletedtimestamp'],
    ['transferred_to_endpoint_address', 'transferredtoendpoint.address'],
    ['transferred_to_endpoint_type', 'transferredtoendpoint.type'],
    ['media_streams', typedAsJson(dialect, 'mediastreams').text],
    ['recordings', json('recordings')],
    // `references` is an SQL keyword: quoted (both engines match quoted names without regard to case).
    ['contact_references', json('"references"')],
    ['contact_details', json('contactdetails')],
    ['voice_id_result', json('voiceidresult')],
    ...HIERARCHY_LEVELS.flatMap((level): [keyof ContactRow, string][] => [
      [`agent_hierarchy_level${level}_arn`, `agent.hierarchygroups.level${level}.arn`],
      [`agent_hierarchy_level${level}_name`, `agent.hierarchygroups.level${level}.groupname`],
    ]),
  ];
  return raw(columns.map(([alias, expr]) => `${expr} AS ${alias}`).join(',\n    '));
}

/**
 * The de-duplicated contacts relation every contact query starts from: for each ContactId, the
 * delivery with the greatest LastUpdateTimestamp (CTRs are delivered at least once and re-delivered
 * on updates). `prefilter` may only hold predicates that keep or drop all deliveries of a contact
 * together: partitions (re-deliveries keep the InitiationTimestamp, so they share a partition) and
 * contact ids.
 */
export function dedupedContactsCte(dialect: Dialect, scope: Scope, prefilter: SqlFragment): SqlFragment {
  return sql`deliveries AS (
  SELECT
    ${contactColumns(dialect)},
    row_number() OVER (PARTITION BY contactid ORDER BY ${timestampOf(dialect, 'lastupdatetimestamp')} DESC) AS delivery_rank
  FROM connect_ctr
  WHERE ${prefilter} AND ${scopePredicate(scope, 'instancearn')}
),
contacts AS (
  SELECT * FROM deliveries WHERE delivery_rank = 1
)`;
}

/** Filters of a contact list; every value is bound. */
export interface ContactListFilter {
  readonly from: Date;
  readonly to: Date;
  /** Queue name or ARN. */
  readonly queue?: string;
  readonly channel?: string;
  /** Agent username or ARN. */
  readonly agent?: string;
  readonly initiationMethod?: string;
  /** Only contacts whose Contact Lens analysis matched this category (e.g. customer-loyalty-risk). */
  readonly contactLensCategory?: string;
}

/** Parameters of one page of contacts. */
export interface ContactPageRequest {
  readonly dialect: Dialect;
  readonly scope: Scope;
  readonly partitions: readonly DayPartition[];
  /** Contact Lens partitions to search for `filter.contactLensCategory`: the range and the day after (rows are partitioned by recording time). */
  readonly analysisPartitions?: readonly DayPartition[];
  readonly filter: ContactListFilter;
  /** Rows to return (the caller asks for one more than the page to learn whether another page exists). */
  readonly limit: number;
  /** Keyset position after which to start: the initiation timestamp (ISO) and contact id of the last row seen. */
  readonly after?: { readonly initiationTimestamp: string; readonly contactId: string };
}

/**
 * One page of de-duplicated contacts initiated in [from, to), newest filters applied to the latest
 * delivery, ordered by initiation time then contact id (keyset pagination).
 */
export function contactPageQuery(request: ContactPageRequest): SqlQuery {
  const { dialect, filter } = request;
  const initiated = timestampOf(dialect, 'initiation_timestamp');
  const predicates: SqlFragment[] = [
    sql`${initiated} >= ${timestampParam(dialect, filter.from)}`,
    sql`${initiated} < ${timestampParam(dialect, filter.to)}`,
  ];
  if (filter.queue !== undefined) predicates.push(sql`(queue_name = ${filter.queue} OR queue_arn = ${filter.queue})`);
  if (filter.channel !== undefined) predicates.push(sql`channel = ${filter.channel}`);
  if (filter.agent !== undefined) predicates.push(sql`(agent_username = ${filter.agent} OR agent_arn = ${filter.agent})`);
  if (filter.initiationMethod !== undefined) predicates.push(sql`initiation_method = ${filter.initiationMethod}`);
  if (filter.contactLensCategory !== undefined) {
    // Joined by contact id, not by partition day: the analysis of a call that starts before midnight is recorded after it.
    const matched = dialect === 'duckdb' ? sql`list_contains(matchedcategories, ${filter.contactLensCategory})` : sql`contains(matchedcategories, ${filter.contactLensCategory})`;
    predicates.push(sql`contact_id IN (SELECT contactid FROM connect_cl WHERE ${partitionPredicate(request.analysisPartitions ?? request.partitions)} AND ${matched})`);
  }
  if (request.after) {
    const afterTs = timestampParam(dialect, new Date(request.after.initiationTimestamp));
    predicates.push(sql`(${initiated} > ${afterTs} OR (${initiated} = ${afterTs} AND contact_id > ${request.after.contactId}))`);
  }
  const q = sql`WITH ${dedupedContactsCte(dialect, request.scope, partitionPredicate(request.partitions))}
SELECT * FROM contacts
WHERE ${join(predicates, '\n  AND ')}
ORDER BY ${initiated}, contact_id
LIMIT ${request.limit}`;
  return { id: 'contact_page', sql: q.text, params: q.params, freshness: { from: filter.from, to: filter.to } };
}

/**
 * The latest delivery of each of the given contacts among the given partitions, for lookups by id.
 * Always bounded: a lookup reads only the days its caller planned (see `contactLookupWindow`), never
 * the whole table. `freshness` is the instants the partitions cover, for the result cache's TTL.
 */
export function contactsByIdQuery(
  dialect: Dialect,
  scope: Scope,
  contactIds: readonly string[],
  partitions: readonly DayPartition[],
  freshness?: { readonly from: Date; readonly to: Date },
): SqlQuery {
  const ids = sql`contactid IN (${join(contactIds.map((id) => sql`${id}`), ', ')})`;
  const q = sql`WITH ${dedupedContactsCte(dialect, scope, sql`${partitionPredicate(partitions)} AND ${ids}`)}
SELECT * FROM contacts`;
  return { id: 'contacts_by_id', sql: q.text, params: q.params, ...(freshness ? { freshness } : {}) };
}
