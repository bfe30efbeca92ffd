/** What answering one request cost, reported in `extensions.stats`. */
export interface RequestStatsSnapshot {
  /** Calls per backend, e.g. `{ duckdb: 2, dynamodb: 1 }`. */
  backendCalls: Record<string, number>;
  rowsRead: number;
  cacheHits: number;
  cacheMisses: number;
  engineTimeMs: number;
  /** Bytes scanned by the engine, when it reports them (Athena). */
  bytesScanned?: number;
  /** Whether the whole response came from the response cache (set by the server, not by readers). */
  responseCache?: ResponseCacheStat;
  /** CTR partition days (`YYYY-MM-DD`) contact-record metrics read from the 15-minute rollup and from the records, when any were read. */
  ctrPartitionDays?: { rollup: string[]; raw: string[] };
}

/** `extensions.stats.responseCache`: `hit` (served from the response cache, `ageSeconds` old), `miss` (executed and stored), `bypass` (executed, not storable). */
export interface ResponseCacheStat {
  readonly status: 'hit' | 'miss' | 'bypass';
  /** Seconds since the cached answer was computed (hits only). */
  readonly ageSeconds?: number;
}

/** What the history reads of one request cover: the response cache derives its TTL from it. */
export interface ReadFreshness {
  /** History queries run (or answered by the result cache). */
  readonly reads: number;
  /** Whether a read had no time range (a lookup by id): such data may change at any time. */
  readonly unbounded: boolean;
  /** The latest end (`to`) of the ranges read, epoch ms; undefined when no read had a range. */
  readonly latestToMs: number | undefined;
}

/** Backends holding live state: a response that read one is never cached whole. */
const LIVE_BACKENDS: ReadonlySet<string> = new Set(['dynamodb']);

/** Accumulates the cost of one request; created per request and read when the response is sent. */
export class RequestStats {
  private readonly calls: Record<string, number> = {};
  private rows = 0;
  private hits = 0;
  private misses = 0;
  private engineMs = 0;
  private bytes: number | undefined;
  private reads = 0;
  private unboundedReads = 0;
  private latestToMs: number | undefined;
  private ctrDays: { rollup: Set<string>; raw: Set<string> } | undefined;

  /** Records one backend call. */
  recordCall(backend: string, figures: { rows?: number; engineTimeMs?: number; bytesScanned?: number } = {}): void {
    this.calls[backend] = (this.calls[backend] ?? 0) + 1;
    this.rows += figures.rows ?? 0;
    this.engineMs += figures.engineTimeMs ?? 0;
    if (figures.bytesScanned !== undefined) this.bytes = (this.bytes ?? 0) + figures.bytesScanned;
  }

  /**
   * Records the time range one history read covers (`SqlQuery.freshness`; undefined for a lookup
   * without a range), whether the engine or the result cache answered it.
   */
  recordRead(range: { readonly from: Date; readonly to: Date } | undefined): void {
    this.reads += 1;
    const toMs = range?.to.getTime();
    if (toMs === undefined || Number.isNaN(toMs)) this.unboundedReads += 1;
    else this.latestToMs = this.latestToMs === undefined ? toMs : Math.max(this.latestToMs, toMs);
  }

  /** The ranges the history reads so far covered. */
  readFreshness(): ReadFreshness {
    return { reads: this.reads, unbounded: this.unboundedReads > 0, latestToMs: this.latestToMs };
  }

  /** Whether the request read live state (a call to DynamoDB): its answer can change at any moment. */
  get touchedLiveState(): boolean {
    for (const backend of Object.keys(this.calls)) if (LIVE_BACKENDS.has(backend)) return true;
    return false;
  }

  /** Records which CTR partition days a contact-record metrics query read from the rollup and which from the records. */
  recordCtrPartitionDays(days: { readonly rollup: readonly string[]; readonly raw: readonly string[] }): void {
    this.ctrDays ??= { rollup: new Set(), raw: new Set() };
    for (const day of days.rollup) this.ctrDays.rollup.add(day);
    for (const day of days.raw) this.ctrDays.raw.add(day);
  }

  /** Records a result-cache lookup. */
  recordCache(hit: boolean): void {
    if (hit) this.hits += 1;
    else this.misses += 1;
  }

  /** The figures so far, engine time rounded to 0.1 ms. */
  snapshot(): RequestStatsSnapshot {
    const s: RequestStatsSnapshot = {
      backendCalls: { ...this.calls },
      rowsRead: this.rows,
      cacheHits: this.hits,
      cacheMisses: this.misses,
      engineTimeMs: Math.round(this.engineMs * 10) / 10,
    };
    if (this.bytes !== undefined) s.bytesScanned = this.bytes;
    if (this.ctrDays) s.ctrPartitionDays = { rollup: [...this.ctrDays.rollup].sort(), raw: [...this.ctrDays.raw].sort() };
    return s;
  }
}
