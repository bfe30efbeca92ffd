import { buildDataAsOf, completeBeforeOf, isRangeComplete, type SourceWatermark } from '../../../src/domain/data-freshness';
import type { RecordSource } from '../../../src/domain/records/record-source';

const HOUR_MS = 3_600_000;
const rule = { contactMaxDurationMs: 4 * HOUR_MS };
/** The injected clock: every rule below is evaluated at this instant. */
const now = new Date('2026-11-21T10:00:00Z');
const watermarks = (entries: [RecordSource, SourceWatermark][]) => new Map(entries);
const ctrAt = (iso: string | null): SourceWatermark => ({ newestPartition: iso?.slice(0, 10) ?? null, newestRecordTime: iso === null ? null : new Date(iso) });
const range = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

describe('completeBeforeOf', () => {
  it('puts the CTR point the longest contact before the newest CTR', () => {
    expect(completeBeforeOf('ctr', ctrAt('2026-11-21T09:30:00Z'), now, rule)).toEqual(new Date('2026-11-21T05:30:00Z'));
  });

  it('uses now for CTRs when no CTR is seen', () => {
    expect(completeBeforeOf('ctr', ctrAt(null), now, rule)).toEqual(new Date('2026-11-21T06:00:00Z'));
    expect(completeBeforeOf('ctr', undefined, now, rule)).toEqual(new Date('2026-11-21T06:00:00Z'));
  });

  it('depends on the data, not on the clock, once a CTR is seen (a cached answer stays right)', () => {
    const later = new Date('2026-11-22T10:00:00Z');
    expect(completeBeforeOf('ctr', ctrAt('2026-11-21T09:30:00Z'), later, rule)).toEqual(completeBeforeOf('ctr', ctrAt('2026-11-21T09:30:00Z'), now, rule));
  });

  it('puts other sources at their newest record, unknown without one', () => {
    expect(completeBeforeOf('cl', ctrAt('2026-11-21T09:58:00Z'), now, rule)).toEqual(new Date('2026-11-21T09:58:00Z'));
    expect(completeBeforeOf('ef', ctrAt(null), now, rule)).toBeNull();
  });
});

describe('isRangeComplete', () => {
  const seen = watermarks([
    ['ctr', ctrAt('2026-11-21T09:30:00Z')],
    ['ae', ctrAt('2026-11-21T09:59:00Z')],
  ]);

  it('is complete when the range ends at or before the CTR point', () => {
    expect(isRangeComplete(range('2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z'), ['ctr'], seen, now, rule)).toBe(true);
    expect(isRangeComplete(range('2026-11-21T00:00:00Z', '2026-11-21T05:30:00Z'), ['ctr'], seen, now, rule)).toBe(true);
  });

  it('is open when the range ends after it, e.g. a range that touches today', () => {
    expect(isRangeComplete(range('2026-11-21T00:00:00Z', '2026-11-21T05:30:01Z'), ['ctr'], seen, now, rule)).toBe(false);
    expect(isRangeComplete(range('2026-11-21T00:00:00Z', '2026-11-22T00:00:00Z'), ['ctr'], seen, now, rule)).toBe(false);
  });

  it('takes the least complete of the sources read', () => {
    const r = range('2026-11-21T00:00:00Z', '2026-11-21T09:00:00Z');
    expect(isRangeComplete(r, ['ae'], seen, now, rule)).toBe(true);
    expect(isRangeComplete(r, ['ae', 'ctr'], seen, now, rule)).toBe(false);
  });

  it('is open for a lookup without a range and for a source never seen', () => {
    expect(isRangeComplete(undefined, ['ctr'], seen, now, rule)).toBe(false);
    expect(isRangeComplete(range('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'), ['ef'], seen, now, rule)).toBe(false);
  });
});

describe('buildDataAsOf', () => {
  const seen = watermarks([['ctr', ctrAt('2026-11-21T09:30:00Z')]]);

  it('lists each source read with its watermark, the CTR point, and live sources', () => {
    const asOf = buildDataAsOf([{ sources: ['ctr'], range: range('2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z') }], new Set(['agentState']), seen, now, rule);
    expect(asOf).toEqual({
      sources: {
        ctr: { newestPartition: '2026-11-21', newestRecordTime: '2026-11-21T09:30:00.000Z', completeBefore: '2026-11-21T05:30:00.000Z' },
        agentState: { live: true },
      },
      complete: true,
      range: { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' },
    });
  });

  it('reports the least complete range of several', () => {
    const closed = { sources: ['ctr' as const], range: range('2026-11-19T00:00:00Z', '2026-11-20T00:00:00Z') };
    const open = { sources: ['ctr' as const], range: range('2026-11-21T00:00:00Z', '2026-11-22T00:00:00Z') };
    const asOf = buildDataAsOf([closed, open, closed], new Set(), seen, now, rule);
    expect(asOf.complete).toBe(false);
    expect(asOf.range).toEqual({ from: '2026-11-21T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' });
  });

  it('has no completeness when only live state was read', () => {
    expect(buildDataAsOf([], new Set(['queueLive', 'agentState']), new Map(), now, rule)).toEqual({ sources: { agentState: { live: true }, queueLive: { live: true } } });
  });

  it('marks a source whose watermark could not be read as unavailable and never complete', () => {
    const asOf = buildDataAsOf([{ sources: ['ctr'], range: range('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z') }], new Set(), new Map(), now, rule, new Set(['ctr']));
    expect(asOf.sources.ctr).toEqual({ newestPartition: null, newestRecordTime: null, unavailable: true });
    expect(asOf.complete).toBe(false);
  });
});
