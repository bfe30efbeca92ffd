import type { TimelineStatus } from '../../../src/domain/agent-timeline';
import { localIsoString, sliceWorkload, validateWorkloadRange, workloadGrid, type ContactSpan, type StatusSpan } from '../../../src/domain/workload';

const ms = (iso: string): number => Date.parse(iso);
const AVAILABLE: TimelineStatus = { name: 'Available', type: 'ROUTABLE', arn: null };
const BREAK: TimelineStatus = { name: 'Break', type: 'NOT_ROUTABLE', arn: null };
const MINUTE = 60_000;
const NY = 'America/New_York';

describe('workloadGrid', () => {
  it('lays 96 quarter hours over a UTC day, edges on :00/:15/:30/:45', () => {
    const cells = workloadGrid({ fromMs: ms('2026-11-19T00:00:00Z'), toMs: ms('2026-11-20T00:00:00Z') }, 'UTC', 15);
    expect(cells).toHaveLength(96);
    expect(cells.every((c) => c.endMs - c.startMs === 15 * MINUTE)).toBe(true);
    expect(cells[0]?.localStart).toBe('2026-11-19T00:00:00+00:00');
  });

  it('has 92 quarter hours (23 hours) on the spring-forward day in New York, on local edges', () => {
    const day = { fromMs: ms('2026-03-08T05:00:00Z'), toMs: ms('2026-03-09T04:00:00Z') };
    const cells = workloadGrid(day, NY, 15);
    expect(cells).toHaveLength(92);
    expect(cells[0]?.localStart).toBe('2026-03-08T00:00:00-05:00');
    const beforeGap = cells.findIndex((c) => c.localStart === '2026-03-08T01:45:00-05:00');
    expect(cells[beforeGap + 1]?.localStart).toBe('2026-03-08T03:00:00-04:00');
    expect(cells.at(-1)?.localStart).toBe('2026-03-08T23:45:00-04:00');
    expect(workloadGrid(day, NY, 60)).toHaveLength(23);
  });

  it('has 100 quarter hours on the fall-back day in New York: the repeated hour appears twice', () => {
    const day = { fromMs: ms('2026-11-01T04:00:00Z'), toMs: ms('2026-11-02T05:00:00Z') };
    const cells = workloadGrid(day, NY, 15);
    expect(cells).toHaveLength(100);
    expect(cells.filter((c) => c.localStart.startsWith('2026-11-01T01:00:00')).map((c) => c.localStart)).toEqual(['2026-11-01T01:00:00-04:00', '2026-11-01T01:00:00-05:00']);
    expect(workloadGrid(day, NY, 60)).toHaveLength(25);
    expect(workloadGrid(day, NY, 30)).toHaveLength(50);
  });

  it('puts hour edges on local hours in a half-hour zone (India, UTC+05:30)', () => {
    const cells = workloadGrid({ fromMs: ms('2026-11-19T00:00:00Z'), toMs: ms('2026-11-19T03:00:00Z') }, 'Asia/Kolkata', 60);
    expect(cells.map((c) => c.localStart)).toEqual(['2026-11-19T05:00:00+05:30', '2026-11-19T06:00:00+05:30', '2026-11-19T07:00:00+05:30', '2026-11-19T08:00:00+05:30']);
    expect(cells[0]?.startMs).toBe(ms('2026-11-18T23:30:00Z'));
  });

  it('returns the aligned cells overlapping an unaligned range', () => {
    const cells = workloadGrid({ fromMs: ms('2026-11-19T10:07:00Z'), toMs: ms('2026-11-19T10:31:00Z') }, 'UTC', 15);
    expect(cells.map((c) => new Date(c.startMs).toISOString())).toEqual(['2026-11-19T10:00:00.000Z', '2026-11-19T10:15:00.000Z', '2026-11-19T10:30:00.000Z']);
  });

  it('refuses a zone whose offset is not a multiple of 15 minutes (a historical local mean time)', () => {
    expect(() => workloadGrid({ fromMs: ms('1960-06-01T00:00:00Z'), toMs: ms('1960-06-01T01:00:00Z') }, 'Africa/Monrovia', 15)).toThrow(/multiple of 15 minutes/);
  });
});

describe('sliceWorkload', () => {
  const hour = { fromMs: ms('2026-11-19T10:00:00Z'), toMs: ms('2026-11-19T11:00:00Z') };
  const quarterHours = workloadGrid(hour, 'UTC', 15);
  const span = (status: TimelineStatus, from: string, to: string): StatusSpan => ({ status, startMs: ms(`2026-11-19T${from}Z`), endMs: ms(`2026-11-19T${to}Z`) });
  const talk = (id: string, from: string, to: string, acwTo?: string): ContactSpan => ({
    contactId: id,
    talk: { startMs: ms(`2026-11-19T${from}Z`), endMs: ms(`2026-11-19T${to}Z`) },
    wrapUp: acwTo ? { startMs: ms(`2026-11-19T${to}Z`), endMs: ms(`2026-11-19T${acwTo}Z`) } : null,
  });

  it('splits an interval crossing two edges into three pieces, each counted where it happened', () => {
    const slices = sliceWorkload(quarterHours, hour, [span(BREAK, '10:10:00', '10:35:00')], []);
    expect(slices.map((s) => [new Date(s.cell.startMs).toISOString().slice(11, 16), s.statuses.map((t) => [t.status.name, t.ms / MINUTE])])).toEqual([
      ['10:00', [['Break', 5]]],
      ['10:15', [['Break', 15]]],
      ['10:30', [['Break', 5]]],
    ]);
  });

  it('splits talk and wrap-up at edges too, and counts several statuses in one interval', () => {
    const slices = sliceWorkload(quarterHours, hour, [span(AVAILABLE, '10:00:00', '10:20:00'), span(BREAK, '10:20:00', '10:30:00')], [talk('c1', '10:05:00', '10:17:00', '10:19:00')]);
    expect(slices[0]).toMatchObject({ talkMs: 10 * MINUTE, wrapUpMs: 0, parallelConversations: 1 });
    expect(slices[1]).toMatchObject({ talkMs: 2 * MINUTE, wrapUpMs: 2 * MINUTE, parallelConversations: 1 });
    expect(slices[1]?.statuses.map((t) => [t.status.name, t.ms / MINUTE])).toEqual([
      ['Available', 5],
      ['Break', 10],
    ]);
  });

  it('counts parallel chats as the most contacts at once, talk and wrap-up alike', () => {
    const chats = [talk('a', '10:00:00', '10:08:00', '10:09:00'), talk('b', '10:02:00', '10:06:00'), talk('c', '10:05:00', '10:12:00'), talk('d', '10:12:00', '10:20:00')];
    const slices = sliceWorkload(quarterHours, hour, [span(AVAILABLE, '10:00:00', '11:00:00')], chats);
    // 10:05–10:06: a, b and c at once; d starts as c ends (half-open), so not 2 at 10:12.
    expect(slices[0]?.parallelConversations).toBe(3);
    expect(slices[0]?.talkMs).toBe((8 + 4 + 7 + 3) * MINUTE);
    expect(slices[1]?.parallelConversations).toBe(1);
    expect(slices[2]?.parallelConversations).toBe(0);
  });

  it('splits a contact spanning midnight in the time zone between the two local days', () => {
    const range = { fromMs: ms('2026-11-20T04:30:00Z'), toMs: ms('2026-11-20T05:30:00Z') };
    const cells = workloadGrid(range, NY, 15);
    // 23:50 → 00:10 New York time (UTC−5).
    const call: ContactSpan = { contactId: 'c', talk: { startMs: ms('2026-11-20T04:50:00Z'), endMs: ms('2026-11-20T05:10:00Z') }, wrapUp: null };
    const slices = sliceWorkload(cells, range, [], [call]);
    expect(slices.map((s) => [s.cell.localStart, s.talkMs / MINUTE])).toEqual([
      ['2026-11-19T23:45:00-05:00', 10],
      ['2026-11-20T00:00:00-05:00', 10],
    ]);
  });

  it('clips to the range and lists only intervals with activity', () => {
    const range = { fromMs: ms('2026-11-19T10:10:00Z'), toMs: ms('2026-11-19T10:40:00Z') };
    const cells = workloadGrid(range, 'UTC', 15);
    const slices = sliceWorkload(cells, range, [span(AVAILABLE, '09:00:00', '10:20:00')], [talk('c', '10:35:00', '10:50:00')]);
    expect(slices.map((s) => [new Date(s.cell.startMs).toISOString().slice(11, 16), s.statuses.reduce((n, t) => n + t.ms, 0) / MINUTE, s.talkMs / MINUTE])).toEqual([
      ['10:00', 5, 0],
      ['10:15', 5, 0],
      ['10:30', 0, 5],
    ]);
  });

  it('adds up to the status time inside the range, whatever the interval length', () => {
    const day = { fromMs: ms('2026-03-08T05:00:00Z'), toMs: ms('2026-03-09T04:00:00Z') };
    // Across the spring-forward gap (07:00Z is 03:00 local): 01:00–03:00 EST/EDT and a Break until 03:17:30 local.
    const spans: StatusSpan[] = [
      { status: AVAILABLE, startMs: ms('2026-03-08T05:00:00Z'), endMs: ms('2026-03-08T07:00:00Z') },
      { status: BREAK, startMs: ms('2026-03-08T07:00:00Z'), endMs: ms('2026-03-08T07:17:30Z') },
    ];
    for (const minutes of [15, 30, 60] as const) {
      const total = sliceWorkload(workloadGrid(day, NY, minutes), day, spans, []).reduce((n, s) => n + s.statuses.reduce((m, t) => m + t.ms, 0), 0);
      expect(total).toBe(137.5 * MINUTE);
    }
  });
});

describe('localIsoString', () => {
  it('writes local wall time with the offset', () => {
    expect(localIsoString(NY, ms('2026-11-20T04:50:00Z'))).toBe('2026-11-19T23:50:00-05:00');
    expect(localIsoString('Asia/Kathmandu', ms('2026-11-20T00:00:00Z'))).toBe('2026-11-20T05:45:00+05:45');
  });
});

describe('validateWorkloadRange', () => {
  it('accepts up to the limit and refuses beyond it with RANGE_TOO_LARGE naming the limit', () => {
    expect(validateWorkloadRange({ from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z') }, 'FIFTEEN_MIN', 3).to.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(() => validateWorkloadRange({ from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-22T00:00:01Z') }, 'HOUR', 3)).toThrow(
      expect.objectContaining({ code: 'RANGE_TOO_LARGE', data: expect.objectContaining({ maxDays: 3, interval: 'HOUR' }), message: expect.stringContaining('at most 3 days') }),
    );
    expect(() => validateWorkloadRange({ from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-18T00:00:00Z') }, 'HOUR', 3)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
