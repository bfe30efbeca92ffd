import type { SourceWatermark } from '../../../src/domain/data-freshness';
import { instanceScopeOf, type InstanceScope } from '../../../src/domain/principal';
import type { RecordSource } from '../../../src/domain/records/record-source';
import { DataFreshnessCollector, type WatermarkSource } from '../../../src/services/data-freshness.service';

const HOUR_MS = 3_600_000;
const scope = instanceScopeOf(['arn:aws:connect:us-east-1:111122223333:instance/abc']);
const now = () => new Date('2026-11-21T10:00:00Z');
const day = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

/** A watermark source that records what it was asked. */
function recordingSource(answers: Partial<Record<RecordSource, SourceWatermark | Error>>): WatermarkSource & { asked: [RecordSource, InstanceScope][] } {
  const asked: [RecordSource, InstanceScope][] = [];
  return {
    asked,
    read: async (source, s) => {
      asked.push([source, s]);
      const answer = answers[source];
      if (answer instanceof Error) throw answer;
      return answer ?? { newestPartition: null, newestRecordTime: null };
    },
  };
}

describe('DataFreshnessCollector', () => {
  it('reads the watermark of each source read once, for the request\'s scope, and reports completeness', async () => {
    const source = recordingSource({ ctr: { newestPartition: '2026-11-21', newestRecordTime: new Date('2026-11-21T09:00:00Z') } });
    const collector = new DataFreshnessCollector(source, scope, { rule: { contactMaxDurationMs: 2 * HOUR_MS }, now });
    collector.recordHistory(['ctr'], day('2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z'));
    collector.recordHistory(['ctr'], day('2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z'));
    collector.recordHistory(['ctr'], day('2026-11-19T00:00:00Z', '2026-11-20T00:00:00Z'));
    collector.recordHistory([], day('2026-11-19T00:00:00Z', '2026-11-22T00:00:00Z'));
    const report = await collector.report();
    expect(source.asked).toEqual([['ctr', scope]]);
    expect(report).toEqual({
      sources: { ctr: { newestPartition: '2026-11-21', newestRecordTime: '2026-11-21T09:00:00.000Z', completeBefore: '2026-11-21T07:00:00.000Z' } },
      complete: true,
      range: { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' },
    });
  });

  it('reads nothing for live state alone', async () => {
    const source = recordingSource({});
    const collector = new DataFreshnessCollector(source, scope, { now });
    collector.recordLive('agentState');
    expect(await collector.report()).toEqual({ sources: { agentState: { live: true } } });
    expect(source.asked).toEqual([]);
  });

  it('reports a watermark that fails as unavailable, tells onError, and never throws', async () => {
    const failure = new Error('engine down');
    const errors: [RecordSource, unknown][] = [];
    const collector = new DataFreshnessCollector(recordingSource({ ae: failure }), scope, { now, onError: (s, e) => errors.push([s, e]) });
    collector.recordHistory(['ae'], day('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'));
    const report = await collector.report();
    expect(report.sources.ae).toEqual({ newestPartition: null, newestRecordTime: null, unavailable: true });
    expect(report.complete).toBe(false);
    expect(errors).toEqual([['ae', failure]]);
  });
});
