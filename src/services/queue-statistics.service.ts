import type DataLoader from 'dataloader';
import { DEFAULT_SERVICE_LEVEL_THRESHOLDS_SECONDS, queueStatisticsFromSums, validateServiceLevelThresholds, type QueueStatistics, type QueueStatisticsSums } from '../domain/queue-statistics';
import { validateTimeRange } from '../domain/time-range';
import { queueStatisticsKey, type QueueStatisticsKey } from '../loaders/queue-statistics.loader';

/** A queue's statistics with the range they cover. */
export interface QueueStatisticsResult extends QueueStatistics {
  readonly from: Date;
  readonly to: Date;
}

/** Per-request queue statistics; the queues of one request with the same arguments are one engine query. */
export class QueueStatisticsService {
  constructor(
    private readonly loader: DataLoader<QueueStatisticsKey, QueueStatisticsSums, string>,
    private readonly limits: { readonly maxRangeDays: number },
  ) {}

  /**
   * The queue's statistics over [from, to) from de-duplicated CTRs (see `src/domain/queue-statistics.ts`).
   * @param thresholdsSeconds - service-level thresholds; default 20 and 60 seconds.
   * @throws BadUserInputError for a bad range or thresholds; RangeTooLargeError beyond the configured maximum.
   */
  async statistics(queueArn: string, range: { from: Date; to: Date }, thresholdsSeconds?: readonly number[] | null): Promise<QueueStatisticsResult> {
    const r = validateTimeRange(range, this.limits.maxRangeDays);
    const thresholds = validateServiceLevelThresholds(thresholdsSeconds ?? DEFAULT_SERVICE_LEVEL_THRESHOLDS_SECONDS);
    const sums = await this.loader.load(queueStatisticsKey(queueArn, r.from, r.to, thresholds));
    return { from: r.from, to: r.to, ...queueStatisticsFromSums(sums, thresholds) };
  }
}
