import DataLoader from 'dataloader';
import { PARTITION_MARGINS, planPartitions } from '../domain/partition-planner';
import { emptyQueueSums, type QueueStatisticsSums } from '../domain/queue-statistics';
import type { RequestStats } from '../domain/request-stats';
import type { QueryEngine } from '../history/query-engine';
import { queueStatisticsQuery, type QueueStatisticsRow } from '../history/sql/queue-statistics.sql';
import type { Scope } from '../history/sql/scope';
import { runHistoryQuery } from '../services/history-runner';
import { loadGrouped, type GroupedKey } from './range-batch';

/** One queue over one range with a list of service-level thresholds. */
export interface QueueStatisticsKey extends GroupedKey {
  /** The queue ARN. */
  readonly id: string;
  readonly from: Date;
  readonly to: Date;
  readonly thresholdsSeconds: readonly number[];
}

/** The key of a queue's statistics. */
export function queueStatisticsKey(queueArn: string, from: Date, to: Date, thresholdsSeconds: readonly number[]): QueueStatisticsKey {
  return { id: queueArn, from, to, thresholdsSeconds, group: `${from.toISOString()}/${to.toISOString()}/${thresholdsSeconds.join(',')}` };
}

/** Queues per query. */
const MAX_QUEUES_PER_QUERY = 200;

const number = (v: number | string | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

function toSums(row: QueueStatisticsRow, thresholdCount: number): QueueStatisticsSums {
  return {
    contactsQueued: number(row.contacts_queued),
    contactsHandled: number(row.contacts_handled),
    contactsAbandoned: number(row.contacts_abandoned),
    answeredQueueTimeSecondsSum: number(row.answered_queue_time_seconds_sum),
    answeredQueuedCount: number(row.answered_queued_count),
    abandonQueueTimeSecondsSum: number(row.abandon_queue_time_seconds_sum),
    maxQueuedTimeSeconds: row.max_queued_time_seconds === null ? null : Number(row.max_queued_time_seconds),
    handleTimeSecondsSum: number(row.handle_time_seconds_sum),
    handleTimeCount: number(row.handle_time_count),
    afterContactWorkSecondsSum: number(row.after_contact_work_seconds_sum),
    afterContactWorkCount: number(row.after_contact_work_count),
    withinThreshold: Array.from({ length: thresholdCount }, (_, i) => number(row[`within_threshold_${i}`])),
  };
}

/**
 * Loads queue statistics sums: the queues asked for in one tick with the same range and thresholds
 * are one engine query (grouped by queue). A queue without contacts gets zero sums. Create one per request.
 */
export function createQueueStatisticsLoader(engine: QueryEngine, stats: RequestStats, scope: Scope): DataLoader<QueueStatisticsKey, QueueStatisticsSums, string> {
  return new DataLoader<QueueStatisticsKey, QueueStatisticsSums, string>(
    (keys) =>
      loadGrouped(
        keys,
        MAX_QUEUES_PER_QUERY,
        async (group) => {
          const { from, to, thresholdsSeconds } = group[0] as QueueStatisticsKey;
          const query = queueStatisticsQuery({
            dialect: engine.dialect,
            scope,
            partitions: planPartitions({ from, to }, PARTITION_MARGINS.contactsByCompletion),
            queueArns: group.map((k) => k.id),
            from,
            to,
            thresholdsSeconds,
          });
          const { rows } = await runHistoryQuery<QueueStatisticsRow>(engine, stats, query);
          return new Map(rows.map((r) => [r.queue_arn, toSums(r, thresholdsSeconds.length)]));
        },
        (key) => emptyQueueSums(key.thresholdsSeconds.length),
      ),
    { cacheKeyFn: (key) => `${key.group}/${key.id}` },
  );
}
