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
}

/** Accumulates the cost of one request; created per request and read when the response is sent. */
export class RequestStats {
  private readonly calls: Record<string, number> = {};
  private rows = 0;
  private hits = 0;
  private misses = 0;
  private engineMs = 0;
  private bytes: number | undefined;

  /** Records one backend call. */
  recordCall(backend: string, figures: { rows?: number; engineTimeMs?: number; bytesScanned?: number } = {}): void {
    this.calls[backend] = (this.calls[backend] ?? 0) + 1;
    this.rows += figures.rows ?? 0;
    this.engineMs += figures.engineTimeMs ?? 0;
    if (figures.bytesScanned !== undefined) this.bytes = (this.bytes ?? 0) + figures.bytesScanned;
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
    return s;
  }
}
