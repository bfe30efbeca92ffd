import type { MetricBucket } from './metric-buckets';
import { CTR_THRESHOLD_COMPONENTS, type ComponentRequest, type CtrComponent } from './metric-components';
import { THRESHOLD_COMPARISONS, type GroupingKey, type MetricFilter, type MetricGrouping, type ThresholdComparison } from './metric-types';
import type { DayPartition } from '../time-range';
import { DAY_MS } from '../time';

/**
 * The vocabulary of the 15-minute CTR rollup (`connect_ctr_rollup15`): which buckets, dimensions,
 * components and thresholds it holds, and whether a contact-record metrics question can be answered
 * from it exactly. Pure.
 *
 * The rollup holds, per CTR partition day, one row per 15-minute UTC bucket × attribution ×
 * instance × the {@link ROLLUP_DIMENSION_KEYS} values, with every additive CTR component (sums,
 * counts, the queue-time maximum) and the threshold components at {@link ROLLUP_THRESHOLD_SECONDS}
 * for both comparisons. Every answer from it equals the answer from the raw records because each
 * requested bucket is a union of whole 15-minute UTC buckets and each component adds up (or takes
 * the maximum) across them.
 */

/** Length of a rollup bucket, in seconds (15 minutes; bucket starts are multiples of it since the epoch). */
export const ROLLUP_BUCKET_SECONDS = 900;

/** The thresholds, in seconds, at which the threshold components are rolled up (for LT and LTE each). */
export const ROLLUP_THRESHOLD_SECONDS = [15, 20, 30, 45, 60, 90, 120, 180, 300] as const;

/** The grouping and filter keys the rollup keeps as dimensions (not CONTACT_ATTRIBUTE, hierarchy levels, forms). */
export const ROLLUP_DIMENSION_KEYS = ['QUEUE', 'CHANNEL', 'AGENT', 'ROUTING_PROFILE', 'INITIATION_METHOD', 'DISCONNECT_REASON'] as const satisfies readonly GroupingKey[];

/** The CTR components the rollup stores as they are (a sum or count per row, or the maximum). */
export const ROLLUP_PLAIN_COMPONENTS = [
  'contacts',
  'queued',
  'handled',
  'abandoned',
  'answered_from_queue',
  'queue_time_answered_sum',
  'queue_time_abandoned_sum',
  'queue_time_max',
  'handle_time_sum',
  'interaction_time_sum',
  'hold_time_sum',
  'after_contact_work_time_sum',
  'holds_sum',
  'put_on_hold',
  'transferred_out',
  'transferred_out_external',
  'disconnected',
  'contact_duration_sum',
] as const satisfies readonly CtrComponent[];

/** Components combined across rollup rows (and raw partial rows) with `max`; every other one adds up. */
export const ROLLUP_MAX_COMPONENTS: readonly CtrComponent[] = ['queue_time_max'];

/** The attributions a rollup row can carry (the CTR timestamps metrics are attributed to). */
export const ROLLUP_ATTRIBUTIONS = ['CONTACT_INITIATION', 'QUEUE_ENQUEUE', 'AGENT_CONNECTED'] as const;
export type RollupAttribution = (typeof ROLLUP_ATTRIBUTIONS)[number];

/**
 * The rollup column of a threshold component at one threshold, e.g. `answered_in_x_lt_20`.
 * @throws Error when the threshold is not one of {@link ROLLUP_THRESHOLD_SECONDS} (a caller bug: check {@link isRollupThreshold} first).
 */
export function rollupThresholdColumn(component: CtrComponent, comparison: ThresholdComparison, seconds: number): string {
  if (!CTR_THRESHOLD_COMPONENTS.includes(component)) throw new Error(`${component} takes no threshold`);
  if (!isRollupThreshold(seconds)) throw new Error(`${seconds} s is not a rolled-up threshold`);
  return `${component}_${comparison.toLowerCase()}_${seconds}`;
}

/** Whether the rollup holds the threshold components at this many seconds. */
export function isRollupThreshold(seconds: number): boolean {
  return (ROLLUP_THRESHOLD_SECONDS as readonly number[]).includes(seconds);
}

/** Every threshold column of the rollup, in table order: component, then comparison, then seconds. */
export function rollupThresholdColumns(): { component: CtrComponent; comparison: ThresholdComparison; seconds: number; column: string }[] {
  return CTR_THRESHOLD_COMPONENTS.flatMap((component) =>
    THRESHOLD_COMPARISONS.flatMap((comparison) =>
      ROLLUP_THRESHOLD_SECONDS.map((seconds) => ({ component, comparison, seconds, column: rollupThresholdColumn(component, comparison, seconds) })),
    ),
  );
}

/**
 * The rollup column holding a requested component, or undefined when the rollup cannot answer it
 * (a threshold that is not rolled up).
 */
export function rollupColumnOf(component: ComponentRequest<CtrComponent>): string | undefined {
  if (CTR_THRESHOLD_COMPONENTS.includes(component.name)) {
    const t = component.threshold;
    return t && isRollupThreshold(t.seconds) ? rollupThresholdColumn(component.name, t.comparison, t.seconds) : undefined;
  }
  return (ROLLUP_PLAIN_COMPONENTS as readonly CtrComponent[]).includes(component.name) ? component.name : undefined;
}

/** What decides whether a contact-record metrics question can be read from the rollup. */
export interface RollupQuestion {
  readonly components: readonly ComponentRequest<CtrComponent>[];
  readonly groupings: readonly MetricGrouping[];
  readonly filters: readonly MetricFilter[];
  readonly buckets: readonly MetricBucket[];
}

/** Why a question is read from the raw records, for logs and tests; undefined when the rollup can answer it. */
export type RollupIneligibility = 'component' | 'threshold' | 'grouping' | 'filter' | 'bucket-boundary';

const isRollupKey = (key: GroupingKey): boolean => (ROLLUP_DIMENSION_KEYS as readonly GroupingKey[]).includes(key);
const onRollupGrid = (instant: Date): boolean => instant.getTime() % (ROLLUP_BUCKET_SECONDS * 1000) === 0;

/**
 * Why the rollup cannot answer a question exactly, or undefined when it can: every component is
 * rolled up (threshold components at a rolled-up threshold), every grouping and filter key is a
 * rollup dimension, and every bucket starts and ends on a 15-minute UTC boundary (so each bucket is
 * a union of whole rollup buckets). Pure.
 */
export function rollupIneligibility(question: RollupQuestion): RollupIneligibility | undefined {
  for (const c of question.components) {
    if (rollupColumnOf(c) !== undefined) continue;
    return CTR_THRESHOLD_COMPONENTS.includes(c.name) ? 'threshold' : 'component';
  }
  if (!question.groupings.every((g) => isRollupKey(g.key))) return 'grouping';
  if (!question.filters.every((f) => isRollupKey(f.key))) return 'filter';
  if (!question.buckets.every((b) => onRollupGrid(b.start) && onRollupGrid(b.end))) return 'bucket-boundary';
  return undefined;
}

/**
 * Whole days after a CTR partition day ends before its rollup may be read: contacts rarely last
 * more than a day (the planner's contacts-by-completion margin), and CTRs are re-delivered until
 * the contact (and its after-contact work) ends, so a younger partition still changes.
 */
export const ROLLUP_CLOSED_AFTER_DAYS = 1;

/**
 * Whether a CTR partition day is closed at `nowMs`: it ended (before today UTC) at least
 * {@link ROLLUP_CLOSED_AFTER_DAYS} days ago. Pure.
 */
export function isClosedPartitionDay(day: DayPartition, nowMs: number): boolean {
  const endMs = Date.UTC(day.year, day.month - 1, day.day) + DAY_MS;
  return endMs + ROLLUP_CLOSED_AFTER_DAYS * DAY_MS <= nowMs;
}
