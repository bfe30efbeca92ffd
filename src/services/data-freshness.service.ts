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
 * the request's history engine for every statement) and the live sources. Watermarks are read for
 * the request's own instance scope only, so they never reflect another instance's data.
 */
export class DataFreshnessCollector {
  private readonly reads = new Map<string, HistoryRead>();
  private readonly live = new Set<LiveSource>();

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
  }

  /** Notes a read of live state (DynamoDB). */
  recordLive(source: LiveSource): void {
    this.live.add(source);
  }

  /**
   * `extensions.dataAsOf` for what was read so far. Reads the watermark of each history source read
   * (after the answer's own statements, so they are never delayed or reordered by it; the caching
   * engine answers most of these from memory). Never throws: a watermark that cannot be read is
   * reported `unavailable`.
   */
  async report(): Promise<DataAsOf> {
    const known = new Map<RecordSource, SourceWatermark>();
    const unavailable = new Set<RecordSource>();
    const sources = new Set([...this.reads.values()].flatMap((r) => r.sources));
    await Promise.all(
      [...sources].map(async (source) => {
        try {
          known.set(source, await this.source.read(source, this.scope));
        } catch (error) {
          this.options.onError?.(source, error);
          unavailable.add(source);
        }
      }),
    );
    const now = (this.options.now ?? (() => new Date()))();
    return buildDataAsOf([...this.reads.values()], this.live, known, now, this.options.rule ?? DEFAULT_COMPLETENESS_RULE, unavailable);
  }
}
