import type { DayPartition } from '../../domain/time-range';
import type { SqlQuery } from '../query-engine';
import { dedupedContactsCte } from './contacts.sql';
import { partitionPredicate } from './partitions.sql';
import { boundList, type RangeRequest } from './range-request.sql';
import type { Scope } from './scope';
import { join, raw, sql, timestampOf, timestampParam, type Dialect, type SqlFragment } from './sql-fragment';

/** Parameters of {@link queueStatisticsQuery}. */
export interface QueueStatisticsRequest extends RangeRequest {
  /** Queue ARNs; at least one. */
  readonly queueArns: readonly string[];
  /** Service-level thresholds in seconds; one `within_threshold_<i>` column each. */
  readonly thresholdsSeconds: readonly number[];
}

/** A row of {@link queueStatisticsQuery} (numbers may arrive as text from DuckDB's BIGINT). */
export interface QueueStatisticsRow {
  queue_arn: string;
  contacts_queued: number | string;
  contacts_handled: number | string;
  contacts_abandoned: number | string;
  answered_queue_time_seconds_sum: number | string | null;
  answered_queued_count: number | string;
  abandon_queue_time_seconds_sum: number | string | null;
  max_queued_time_seconds: number | string | null;
  handle_time_seconds_sum: number | string | null;
  handle_time_count: number | string;
  after_contact_work_seconds_sum: number | string | null;
  after_contact_work_count: number | string;
  [withinThreshold: `within_threshold_${number}`]: number | string;
}

const count = (condition: SqlFragment): SqlFragment => sql`CAST(sum(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS BIGINT)`;
const total = (condition: SqlFragment, value: string): SqlFragment => sql`CAST(sum(CASE WHEN ${condition} THEN ${raw(value)} END) AS BIGINT)`;

/**
 * Per queue, one pass over the de-duplicated contacts (latest CTR delivery) of the partitions: the
 * counts and sums of `src/domain/queue-statistics.ts`, each contact counted by the timestamp of
 * what is measured (queued by enqueue, handled by connection to an agent, abandoned by dequeue).
 * Queues without contacts have no row.
 */
export function queueStatisticsQuery(request: QueueStatisticsRequest): SqlQuery {
  const { dialect } = request;
  const from = (): SqlFragment => timestampParam(dialect, request.from);
  const to = (): SqlFragment => timestampParam(dialect, request.to);
  const inRange = (column: string): SqlFragment => {
    const at = timestampOf(dialect, column);
    return sql`(${at} >= ${from()} AND ${at} < ${to()})`;
  };
  const queued = sql`queue_enqueue_timestamp IS NOT NULL AND ${inRange('queue_enqueue_timestamp')}`;
  const handled = sql`agent_connected_to_agent_timestamp IS NOT NULL AND ${inRange('agent_connected_to_agent_timestamp')}`;
  const abandoned = sql`queue_enqueue_timestamp IS NOT NULL AND agent_connected_to_agent_timestamp IS NULL AND agent_arn IS NULL AND next_contact_id IS NULL AND ${inRange('coalesce(queue_dequeue_timestamp, disconnect_timestamp)')}`;
  const answeredQueued = sql`${handled} AND queue_enqueue_timestamp IS NOT NULL`;
  const handleTime = 'agent_interaction_duration + coalesce(agent_customer_hold_duration, 0) + coalesce(agent_after_contact_work_duration, 0)';
  const thresholds = request.thresholdsSeconds.map(
    (seconds, i) => sql`${count(sql`${queued} AND queue_dequeue_timestamp IS NOT NULL AND queue_duration <= ${seconds}`)} AS ${raw(`within_threshold_${i}`)}`,
  );
  const queues = boundList(request.queueArns);
  const q = sql`WITH ${dedupedContactsCte(dialect, request.scope, partitionPredicate(request.partitions))}
SELECT
  queue_arn,
  ${count(queued)} AS contacts_queued,
  ${count(handled)} AS contacts_handled,
  ${count(abandoned)} AS contacts_abandoned,
  ${total(answeredQueued, 'queue_duration')} AS answered_queue_time_seconds_sum,
  ${count(sql`${answeredQueued} AND queue_duration IS NOT NULL`)} AS answered_queued_count,
  ${total(abandoned, 'queue_duration')} AS abandon_queue_time_seconds_sum,
  CAST(max(CASE WHEN ${queued} THEN queue_duration END) AS BIGINT) AS max_queued_time_seconds,
  ${total(sql`${handled} AND agent_interaction_duration IS NOT NULL`, handleTime)} AS handle_time_seconds_sum,
  ${count(sql`${handled} AND agent_interaction_duration IS NOT NULL`)} AS handle_time_count,
  ${total(sql`${handled} AND agent_after_contact_work_duration IS NOT NULL`, 'agent_after_contact_work_duration')} AS after_contact_work_seconds_sum,
  ${count(sql`${handled} AND agent_after_contact_work_duration IS NOT NULL`)} AS after_contact_work_count${thresholds.length > 0 ? sql`,\n  ${join(thresholds, ',\n  ')}` : raw('')}
FROM contacts
WHERE queue_arn IN (${queues})
GROUP BY queue_arn
ORDER BY queue_arn`;
  return { id: 'queue_statistics', sql: q.text, params: q.params, freshness: { from: request.from, to: request.to } };
}

/** A row of {@link queueDirectoryQuery}. */
export interface QueueDirectoryRow {
  queue_arn: string;
  queue_name: string;
  last_initiation_timestamp: string;
}

/**
 * The named queues contacts (latest CTR delivery) waited in, with the name of the newest contact
 * (queues can be renamed). Always bounded by `partitions` (the directory's window).
 */
export function queueDirectoryQuery(dialect: Dialect, scope: Scope, partitions: readonly DayPartition[], freshness?: { from: Date; to: Date }): SqlQuery {
  const initiated = timestampOf(dialect, 'initiation_timestamp');
  const q = sql`WITH ${dedupedContactsCte(dialect, scope, partitionPredicate(partitions))}
SELECT queue_arn, max_by(queue_name, ${initiated}) AS queue_name, max(initiation_timestamp) AS last_initiation_timestamp
FROM contacts
WHERE queue_arn IS NOT NULL AND queue_name IS NOT NULL
GROUP BY queue_arn
ORDER BY queue_arn`;
  return { id: 'queue_directory', sql: q.text, params: q.params, freshness };
}
