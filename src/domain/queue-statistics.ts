import { averageOrNull } from './agent-statistics';
import { BadUserInputError } from './errors';

/**
 * Queue statistics (pure part): the sums one SQL pass over de-duplicated CTRs returns, turned into
 * Connect's queue metrics. Each contact counts in the range by the timestamp of what the metric
 * measures:
 *
 * | statistic | Connect metric | counted when … is in the range |
 * | --- | --- | --- |
 * | contacts queued | CONTACTS_QUEUED | `Queue.EnqueueTimestamp` |
 * | contacts handled | CONTACTS_HANDLED | `Agent.ConnectedToAgentTimestamp` (any direction: outbound calls count in their outbound queue) |
 * | contacts abandoned | CONTACTS_ABANDONED | `Queue.DequeueTimestamp` of a queued contact never connected to an agent and not moved on to a callback or transfer (no `NextContactId`) |
 * | average queue answer time | AVG_QUEUE_ANSWER_TIME | handled contacts that were queued: mean `Queue.Duration` |
 * | average abandon time | AVG_ABANDON_TIME | abandoned contacts: mean `Queue.Duration` |
 * | maximum queued time | MAX_QUEUED_TIME | queued contacts: longest `Queue.Duration` |
 * | average handle time | AVG_HANDLE_TIME | handled contacts: mean of interaction + customer hold + after-contact work |
 * | average after-contact work time | AVG_AFTER_CONTACT_WORK_TIME | handled contacts: mean `AfterContactWorkDuration` |
 * | service level X | SERVICE_LEVEL | queued contacts removed from the queue (answered, abandoned or moved to a callback) within X seconds ÷ contacts queued × 100 |
 */

/** Sums of one queue, as the SQL returns them. */
export interface QueueStatisticsSums {
  readonly contactsQueued: number;
  readonly contactsHandled: number;
  readonly contactsAbandoned: number;
  readonly answeredQueueTimeSecondsSum: number;
  readonly answeredQueuedCount: number;
  readonly abandonQueueTimeSecondsSum: number;
  readonly maxQueuedTimeSeconds: number | null;
  readonly handleTimeSecondsSum: number;
  readonly handleTimeCount: number;
  readonly afterContactWorkSecondsSum: number;
  readonly afterContactWorkCount: number;
  /** Contacts queued in the range and removed within each threshold, in threshold order. */
  readonly withinThreshold: readonly number[];
}

/** Service level at one threshold. */
export interface ServiceLevel {
  readonly thresholdSeconds: number;
  readonly contactsWithinThreshold: number;
  /** Null when no contact was queued. */
  readonly percent: number | null;
}

/** Queue statistics over a range (see the module table). */
export interface QueueStatistics {
  readonly contactsQueued: number;
  readonly contactsHandled: number;
  readonly contactsAbandoned: number;
  readonly averageQueueAnswerTimeSeconds: number | null;
  readonly averageAbandonTimeSeconds: number | null;
  readonly maxQueuedTimeSeconds: number | null;
  readonly averageHandleTimeSeconds: number | null;
  readonly averageAfterContactWorkTimeSeconds: number | null;
  readonly serviceLevels: readonly ServiceLevel[];
}

/** The sums of a queue with no contacts. */
export function emptyQueueSums(thresholdCount: number): QueueStatisticsSums {
  return {
    contactsQueued: 0,
    contactsHandled: 0,
    contactsAbandoned: 0,
    answeredQueueTimeSecondsSum: 0,
    answeredQueuedCount: 0,
    abandonQueueTimeSecondsSum: 0,
    maxQueuedTimeSeconds: null,
    handleTimeSecondsSum: 0,
    handleTimeCount: 0,
    afterContactWorkSecondsSum: 0,
    afterContactWorkCount: 0,
    withinThreshold: new Array<number>(thresholdCount).fill(0),
  };
}

/** Turns a queue's sums into its statistics: averages and percentages are null where nothing was counted. Pure. */
export function queueStatisticsFromSums(sums: QueueStatisticsSums, thresholdsSeconds: readonly number[]): QueueStatistics {
  return {
    contactsQueued: sums.contactsQueued,
    contactsHandled: sums.contactsHandled,
    contactsAbandoned: sums.contactsAbandoned,
    averageQueueAnswerTimeSeconds: averageOrNull(sums.answeredQueueTimeSecondsSum, sums.answeredQueuedCount),
    averageAbandonTimeSeconds: averageOrNull(sums.abandonQueueTimeSecondsSum, sums.contactsAbandoned),
    maxQueuedTimeSeconds: sums.maxQueuedTimeSeconds,
    averageHandleTimeSeconds: averageOrNull(sums.handleTimeSecondsSum, sums.handleTimeCount),
    averageAfterContactWorkTimeSeconds: averageOrNull(sums.afterContactWorkSecondsSum, sums.afterContactWorkCount),
    serviceLevels: thresholdsSeconds.map((thresholdSeconds, i) => {
      const within = sums.withinThreshold[i] ?? 0;
      return { thresholdSeconds, contactsWithinThreshold: within, percent: sums.contactsQueued === 0 ? null : (within / sums.contactsQueued) * 100 };
    }),
  };
}

/** Default service-level thresholds, seconds (the 80/20 convention and Flex Insights' 60 s). */
export const DEFAULT_SERVICE_LEVEL_THRESHOLDS_SECONDS: readonly number[] = [20, 60];
/** Most thresholds one request may ask for (GetMetricDataV2 allows 20 SERVICE_LEVEL metrics per request). */
export const MAX_SERVICE_LEVEL_THRESHOLDS = 20;
/** Largest threshold, seconds (GetMetricDataV2: 604800 = 7 days). */
export const MAX_SERVICE_LEVEL_THRESHOLD_SECONDS = 604_800;

/**
 * Checks service-level thresholds: 1 to 20 of them, each a whole number of seconds from 1 to 604800.
 * @throws BadUserInputError naming the limit.
 */
export function validateServiceLevelThresholds(thresholds: readonly number[]): number[] {
  if (thresholds.length === 0 || thresholds.length > MAX_SERVICE_LEVEL_THRESHOLDS) {
    throw new BadUserInputError(`'serviceLevelThresholds' must list 1 to ${MAX_SERVICE_LEVEL_THRESHOLDS} thresholds; got ${thresholds.length}.`, 'serviceLevelThresholds');
  }
  for (const t of thresholds) {
    if (!Number.isInteger(t) || t < 1 || t > MAX_SERVICE_LEVEL_THRESHOLD_SECONDS) {
      throw new BadUserInputError(`Service-level threshold ${t} is not a whole number of seconds from 1 to ${MAX_SERVICE_LEVEL_THRESHOLD_SECONDS}.`, 'serviceLevelThresholds');
    }
  }
  return [...thresholds];
}
