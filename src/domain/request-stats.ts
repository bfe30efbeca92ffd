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
  /** CTR partition days (`YYYY-MM-DD`) contact-record metrics read from the 15-minute rollup and from the records, when any were read. */
  ctrPartitionDays?: { rollup: string[]; raw: string[] };
}

/** Accumulates the cost of one request; created per request and read when the response is sent. */
export class RequestStats {
  private readonly calls: Record<string, number> = {};
  private rows = 0;
  private hits = 0;
  private misses = 0;
  private engineMs = 0;
  private bytes: number | undefined;
  private ctrDays: { rollup: Set<string>; raw: Set<string> } | undefined;

  /** Records one backend call. */
  recordCall(backend: string, figures: { rows?: number; engineTimeMs?: number; bytesScanned?: number } = {}): void {
    this.calls[backend] = (this.calls[backend] ?? 0) + 1;
    this.rows += figures.rows ?? 0;
    this.engineMs += figures.engineTimeMs ?? 0;
    if (figures.bytesScanned !== undefined) this.bytes = (this.bytes ?? 0) + figures.bytesScanned;
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
