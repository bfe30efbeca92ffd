import { buildDataAsOf, DEFAULT_COMPLETENESS_RULE, type CompletenessRule, type DataAsOf, type HistoryRead, type LiveSource, type SourceWatermark } from '../domain/data-freshness';
import type { InstanceScope } from '../domain/principal';
import type { RecordSource } from '../domain/records/record-source';
import type { TimeRange } from '../domain/time-range';

/** Reads the watermark of one history source for an instance scope (the history layer's `WatermarkReader`). */
export interface WatermarkSource {
  read(source: RecordSource, scope: InstanceScope): Promise<SourceWatermark>;
}

/** Options of a {@link DataFreshnessCollector}. */
export interface DataFreshnessOptions {
  /** The completeness rule (longest contact); @default 24 h. */
  readonly rule?: CompletenessRule;
  /** Wall clock, only for "now" caps of the rule; @default `() => new Date()`. */
  readonly now?: () => Date;
  /** Told when a watermark cannot be read; the answer then reports the source `unavailable` and not complete. */
  readonly onError?: (source: RecordSource, error: unknown) => void;
}

/**
 * What one request read, for `extensions.dataAsOf`: the history reads (sources and ranges, told by
 * the request's history engine for every statement) and the live sources. The watermark of a
 * history source is fetched as soon as the first statement reads it, in parallel with the answer,
 * and always for the request's own instance scope, so it never reflects another instance's data.
 */
export class DataFreshnessCollector {
  private readonly reads = new Map<string, HistoryRead>();
  private readonly live = new Set<LiveSource>();
  private readonly watermarks = new Map<RecordSource, Promise<SourceWatermark | undefined>>();

  constructor(
    private readonly source: WatermarkSource,
    private readonly scope: InstanceScope,
    private readonly options: DataFreshnessOptions = {},
  ) {}

  /** Notes a history statement: the sources it reads and its range (none for a lookup by id). */
  recordHistory(sources: readonly RecordSource[], range?: TimeRange): void {
    if (sources.length === 0) return;
    const key = `${[...sources].sort().join(',')}|${range ? `${range.from.getTime()}-${range.to.getTime()}` : '-'}`;
    if (!this.reads.has(key)) this.reads.set(key, { sources: [...sources], ...(range ? { range } : {}) });
    for (const source of sources) {
      if (this.watermarks.has(source)) continue;
      this.watermarks.set(
        source,
        this.source.read(source, this.scope).catch((error: unknown) => {
          this.options.onError?.(source, error);
          return undefined;
        }),
      );
    }
  }

  /** Notes a read of live state (DynamoDB). */
  recordLive(source: LiveSource): void {
    this.live.add(source);
  }

  /** `extensions.dataAsOf` for what was read so far; waits for the watermarks being fetched. Never throws. */
  async report(): Promise<DataAsOf> {
    const known = new Map<RecordSource, SourceWatermark>();
    const unavailable = new Set<RecordSource>();
    await Promise.all(
      [...this.watermarks].map(async ([source, pending]) => {
        const watermark = await pending;
        if (watermark === undefined) unavailable.add(source);
        else known.set(source, watermark);
      }),
    );
    const now = (this.options.now ?? (() => new Date()))();
    return buildDataAsOf([...this.reads.values()], this.live, known, now, this.options.rule ?? DEFAULT_COMPLETENESS_RULE, unavailable);
  }
}
