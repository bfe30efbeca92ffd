import { PARTITION_MARGINS, planPartitions } from '../../domain/partition-planner';
import type { QueueStatisticsSums } from '../../domain/queue-statistics';
import type { RequestStats } from '../../domain/request-stats';
import type { TimeRange } from '../../domain/time-range';
import type { QueryEngine } from '../query-engine';
import { queueStatisticsQuery, type QueueStatisticsRow } from '../sql/queue-statistics.sql';
import type { Scope } from '../sql/scope';
import { numberOrNull, numberOrZero } from './cells';
import { runHistoryQuery } from './history-query';

function toSums(row: QueueStatisticsRow, thresholdCount: number): QueueStatisticsSums {
  return {
    contactsQueued: numberOrZero(row.contacts_queued),
    contactsHandled: numberOrZero(row.contacts_handled),
    contactsAbandoned: numberOrZero(row.contacts_abandoned),
    answeredQueueTimeSecondsSum: numberOrZero(row.answered_queue_time_seconds_sum),
    answeredQueuedCount: numberOrZero(row.answered_queued_count),
    abandonQueueTimeSecondsSum: numberOrZero(row.abandon_queue_time_seconds_sum),
    maxQueuedTimeSeconds: numberOrNull(row.max_queued_time_seconds),
    handleTimeSecondsSum: numberOrZero(row.handle_time_seconds_sum),
    handleTimeCount: numberOrZero(row.handle_time_count),
    afterContactWorkSecondsSum: numberOrZero(row.after_contact_work_seconds_sum),
    afterContactWorkCount: numberOrZero(row.after_contact_work_count),
    withinThreshold: Array.from({ length: thresholdCount }, (_, i) => numberOrZero(row[`within_threshold_${i}`])),
  };
}

/** Reads queue statistics sums from de-duplicated CTRs, one engine query for all the queues given. */
export class QueueStatisticsReader {
  constructor(
    private readonly engine: QueryEngine,
    private readonly stats: RequestStats,
  ) {}

  /** The sums of each queue over the range with these service-level thresholds, keyed by queue ARN; a queue without contacts is absent. */
  async sums(scope: Scope, queueArns: readonly string[], range: TimeRange, thresholdsSeconds: readonly number[]): Promise<Map<string, QueueStatisticsSums>> {
    const { from, to } = range;
    const query = queueStatisticsQuery({
      dialect: this.engine.dialect,
      scope,
      partitions: planPartitions({ from, to }, PARTITION_MARGINS.contactsByCompletion),
      queueArns,
      from,
      to,
      thresholdsSeconds,
    });
    const { rows } = await runHistoryQuery<QueueStatisticsRow>(this.engine, this.stats, query);
    return new Map(rows.map((r) => [r.queue_arn, toSums(r, thresholdsSeconds.length)]));
  }
}
