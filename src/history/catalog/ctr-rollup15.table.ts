import { ROLLUP_PLAIN_COMPONENTS, rollupThresholdColumns } from '../../domain/metrics/metric-rollup';
import type { FlatColumnType, FlatField, FlatTableDefinition } from './flat-table-definition';

const bigint: FlatColumnType = { kind: 'bigint' };
const string: FlatColumnType = { kind: 'string' };

/**
 * The dimension columns of the rollup, named as the de-duplicated contacts relation names them
 * (`dedupedContactsCte`), so the metric builders' grouping and filter expressions read both alike.
 */
export const ROLLUP_DIMENSION_COLUMNS = [
  'instance_arn',
  'queue_name',
  'queue_arn',
  'channel',
  'agent_username',
  'agent_arn',
  'agent_routing_profile_name',
  'agent_routing_profile_arn',
  'initiation_method',
  'disconnect_reason',
] as const;

/** The rollup's bucket column: the bucket's start, in whole seconds since the epoch (a multiple of 900). */
export const ROLLUP_BUCKET_COLUMN = 'bucket_start_epoch_seconds';

/** The rollup's attribution column: `CONTACT_INITIATION`, `QUEUE_ENQUEUE` or `AGENT_CONNECTED`. */
export const ROLLUP_ATTRIBUTION_COLUMN = 'attribution';

const PLAIN_COMPONENT_DESCRIPTIONS: Readonly<Record<(typeof ROLLUP_PLAIN_COMPONENTS)[number], string>> = {
  contacts: 'Contacts (latest delivery per ContactId).',
  queued: 'Contacts with Queue.EnqueueTimestamp.',
  handled: 'Contacts with Agent.ConnectedToAgentTimestamp.',
  abandoned: 'Queued, never connected to an agent, not passed on to another contact, not EXPIRED.',
  answered_from_queue: 'Queued and connected to an agent.',
  queue_time_answered_sum: 'Sum of Queue.Duration of the contacts answered from a queue, seconds.',
  queue_time_abandoned_sum: 'Sum of Queue.Duration of the abandoned contacts, seconds.',
  queue_time_max: 'Greatest Queue.Duration of the queued contacts, seconds (null when none).',
  handle_time_sum: 'Sum over handled contacts of interaction + customer hold + after-contact work, seconds.',
  interaction_time_sum: 'Sum of Agent.AgentInteractionDuration of handled contacts, seconds.',
  hold_time_sum: 'Sum of Agent.CustomerHoldDuration of handled contacts, seconds.',
  after_contact_work_time_sum: 'Sum of Agent.AfterContactWorkDuration of handled contacts, seconds.',
  holds_sum: 'Sum of Agent.NumberOfHolds of handled contacts.',
  put_on_hold: 'Handled contacts put on hold at least once.',
  transferred_out: 'Handled contacts passed on to another contact or an external number.',
  transferred_out_external: 'Handled contacts transferred to an external number.',
  disconnected: 'Contacts with a DisconnectTimestamp.',
  contact_duration_sum: 'Sum of DisconnectTimestamp - InitiationTimestamp of disconnected contacts, seconds.',
};

const THRESHOLD_DESCRIPTIONS: Readonly<Record<string, string>> = {
  removed_from_queue_in_x: 'Queued contacts that left the queue',
  answered_in_x: 'Contacts answered from a queue',
  abandoned_in_x: 'Abandoned contacts that left the queue',
};

const columns: FlatField[] = [
  { name: ROLLUP_BUCKET_COLUMN, type: bigint, description: 'Start of the 15-minute UTC bucket holding the attribution timestamp, seconds since the epoch.' },
  {
    name: ROLLUP_ATTRIBUTION_COLUMN,
    type: string,
    description: 'The timestamp that put the contacts in the bucket: CONTACT_INITIATION, QUEUE_ENQUEUE or AGENT_CONNECTED (a contact is in one row per attribution whose timestamp it has).',
  },
  ...ROLLUP_DIMENSION_COLUMNS.map((name): FlatField => ({ name, type: string, description: `The contacts' ${name.replace(/_/g, ' ')} (null when they have none).` })),
  ...ROLLUP_PLAIN_COMPONENTS.map((name): FlatField => ({ name, type: bigint, description: PLAIN_COMPONENT_DESCRIPTIONS[name] })),
  ...rollupThresholdColumns().map(
    (c): FlatField => ({
      name: c.column,
      type: bigint,
      description: `${THRESHOLD_DESCRIPTIONS[c.component]} with Queue.Duration ${c.comparison === 'LT' ? '<' : '<='} ${c.seconds} s.`,
    }),
  ),
];

/**
 * `connect_ctr_rollup15`: the de-duplicated contact trace records of one CTR partition day,
 * summed per 15-minute UTC bucket × attribution × instance × queue × channel × agent × routing
 * profile × initiation method × disconnect reason. A partition `year=/month=/day=` summarises
 * exactly the CTR partition of that day (the UTC day of InitiationTimestamp), so rebuilding a day
 * replaces one file. Buckets of the QUEUE_ENQUEUE and AGENT_CONNECTED rows may lie on the next day.
 */
export const ctrRollupTable: FlatTableDefinition = {
  kind: 'flat-parquet',
  name: 'connect_ctr_rollup15',
  folder: 'rollups/ctr',
  description: 'Contact trace records summed per 15-minute UTC bucket, attribution and dimensions, one Parquet partition per CTR partition day.',
  partitionedLike: 'ctr',
  columns,
};
