import DataLoader from 'dataloader';
import { emptyQueueSums, type QueueStatisticsSums } from '../domain/queue-statistics';
import type { QueueStatisticsReader } from '../history/readers/queue-statistics.reader';
import type { Scope } from '../history/sql/scope';
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

/**
 * Loads queue statistics sums: the queues asked for in one tick with the same range and thresholds
 * are one reader call (one engine query, grouped by queue). A queue without contacts gets zero sums.
 * Create one per request.
 */
export function createQueueStatisticsLoader(reader: QueueStatisticsReader, scope: Scope): DataLoader<QueueStatisticsKey, QueueStatisticsSums, string> {
  return new DataLoader<QueueStatisticsKey, QueueStatisticsSums, string>(
    (keys) =>
      loadGrouped(
        keys,
        MAX_QUEUES_PER_QUERY,
        (group) => {
          const { from, to, thresholdsSeconds } = group[0] as QueueStatisticsKey;
          return reader.sums(scope, group.map((k) => k.id), { from, to }, thresholdsSeconds);
        },
        (key) => emptyQueueSums(key.thresholdsSeconds.length),
      ),
    { cacheKeyFn: (key) => `${key.group}/${key.id}` },
  );
}
