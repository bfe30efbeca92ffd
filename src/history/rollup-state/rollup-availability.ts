import { LRUCache } from 'lru-cache';
import { partitionDayKey, type DayPartition } from '../../domain/time-range';
import { sourceFingerprint, type RollupManifest } from './rollup-manifest';
import type { RollupStateStore } from './rollup-state.store';
import type { RollupAvailability } from '../rollups/rollup-availability';

/** Whether one day's rollup may be read, and why not. */
export type RollupDayState =
  | { readonly state: 'clean'; readonly manifest: RollupManifest }
  | { readonly state: 'missing' }
  | { readonly state: 'dirty'; readonly manifest: RollupManifest };

/**
 * The state of one day's rollup now: `clean` when its rollup exists and the source partition has
 * exactly the objects its manifest lists; `dirty` when the manifest is there but the partition changed
 * (a late re-delivery landed, an object was replaced or removed) or the rollup objects are gone;
 * `missing` when it was never built.
 */
export async function rollupDayState(store: RollupStateStore, day: DayPartition): Promise<RollupDayState> {
  const manifest = await store.readManifest(day);
  if (!manifest) return { state: 'missing' };
  const [objects, exists] = await Promise.all([store.sourceObjects(day), store.rollupExists(day)]);
  return exists && sourceFingerprint(objects) === manifest.source.fingerprint ? { state: 'clean', manifest } : { state: 'dirty', manifest };
}

/** Options of {@link ManifestRollupAvailability}. */
export interface ManifestRollupAvailabilityOptions {
  /**
   * How long a day's answer is reused, milliseconds, so a dashboard polling every few seconds does
   * not list partition folders on every request; 0 checks every time. A late CTR is read raw at most
   * this long after it lands. @default 5000
   */
  readonly ttlMs?: number;
  /** Days remembered. @default 10000 */
  readonly maxDays?: number;
  /**
   * Called when a day's answer differs from the previous one seen (clean ↔ dirty, or clean again
   * after a rebuild): results cached from the day's old data (the result cache keys by SQL, and a
   * rebuilt day's SQL is the same as before) must be dropped.
   */
  readonly onChange?: (day: string) => void;
  /**
   * Called when checking a day's state failed (the store is unreachable, access denied) after the
   * previous check succeeded: once per outage, not once per request. The day is read raw meanwhile.
   */
  readonly onError?: (day: string, error: unknown) => void;
}

/**
 * Which days' rollups the metrics read planner may use: the clean days among those asked (see
 * {@link rollupDayState}), as `YYYY-MM-DD` keys. Answers are cached per day for `ttlMs`, and
 * concurrent questions about the same day share one check. Whether a day is closed is the planner's
 * business; this only answers for the days it asks about.
 */
export class ManifestRollupAvailability implements RollupAvailability {
  private readonly cache: LRUCache<string, RollupDayState, DayPartition>;
  private readonly ttlMs: number;
  /** The last answer seen per day: state and the manifest's build time. */
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly store: RollupStateStore,
    private readonly options: ManifestRollupAvailabilityOptions = {},
  ) {
    const ttl = options.ttlMs ?? 5_000;
    this.cache = new LRUCache<string, RollupDayState, DayPartition>({
      max: options.maxDays ?? 10_000,
      ...(ttl > 0 ? { ttl } : {}),
      fetchMethod: (_key, _stale, { context }) => rollupDayState(this.store, context),
    });
    this.ttlMs = ttl;
  }

  /**
   * The keys (`YYYY-MM-DD`) of the given days whose rollup is clean now (at most `ttlMs` old). Never
   * throws: a day whose state cannot be checked (the store failed) is not clean, so it is read raw —
   * slower, never wrong — and {@link ManifestRollupAvailabilityOptions.onError} hears of it.
   */
  async cleanDays(days: readonly DayPartition[]): Promise<Set<string>> {
    const states = await Promise.all(days.map((day) => this.dayStateOrRaw(day)));
    return new Set(days.filter((_, i) => states[i] === 'clean').map(partitionDayKey));
  }

  /** Whether the previous check failed: errors are reported once per outage. */
  private failing = false;

  private async dayStateOrRaw(day: DayPartition): Promise<RollupDayState['state'] | 'unknown'> {
    try {
      const { state } = await this.dayState(day);
      this.failing = false;
      return state;
    } catch (error) {
      if (!this.failing) this.options.onError?.(partitionDayKey(day), error);
      this.failing = true;
      return 'unknown';
    }
  }

  /** The state of one day (cached like {@link cleanDays}). */
  async dayState(day: DayPartition): Promise<RollupDayState> {
    const key = partitionDayKey(day);
    const state = (this.ttlMs > 0 ? await this.cache.fetch(key, { context: day }) : undefined) ?? (await rollupDayState(this.store, day));
    const signature = state.state === 'missing' ? 'missing' : `${state.state}@${state.manifest.builtAt}`;
    const previous = this.seen.get(key);
    this.seen.set(key, signature);
    if (previous !== undefined && previous !== signature) this.options.onChange?.(key);
    return state;
  }

  /** Forgets cached answers (after a rollup run rebuilt days), so the next question checks again. */
  forget(): void {
    this.cache.clear();
  }
}
