import { RECORD_SOURCES, parseAgentEvent, parseCtr } from '../../../../src/domain/records';
import { simulate, type SimulatedData } from './memory-sink';

function allLines(data: SimulatedData): string {
  return RECORD_SOURCES.map((source) => data.sink.lines[source].map(({ dayNumber, line }) => `${source}/${dayNumber}/${line}`).join('\n')).join('\n');
}

describe('demo data determinism', () => {
  const options = { seed: 'determinism', agents: 6, days: 1, start: '2024-06-03' };

  it('gives byte-identical records for the same seed and options', async () => {
    const first = await simulate(options);
    const second = await simulate(options);
    expect(allLines(second)).toBe(allLines(first));
    expect(second.stats).toEqual(first.stats);
  });

  it('gives different records for another seed', async () => {
    const first = await simulate(options);
    const other = await simulate({ ...options, seed: 'determinism-2' });
    expect(allLines(other)).not.toBe(allLines(first));
  });

  it('with endAt, writes a prefix of the full run: nothing that exists only after endAt', async () => {
    const endAt = '2024-06-03T17:30:00.000Z';
    const full = await simulate(options);
    const cut = await simulate({ ...options, endAt });
    const endMs = Date.parse(endAt);
    expect(cut.stats.contacts).toBeGreaterThan(0);
    expect(cut.stats.contacts).toBeLessThan(full.stats.contacts);
    const fullAe = new Set(full.sink.lines.ae.map(({ line }) => line));
    for (const { line } of cut.sink.lines.ae) {
      expect(fullAe.has(line)).toBe(true);
      expect(Date.parse(parseAgentEvent(JSON.parse(line)).EventTimestamp)).toBeLessThanOrEqual(endMs);
    }
    const fullCtr = new Set(full.sink.lines.ctr.map(({ line }) => line));
    for (const { line } of cut.sink.lines.ctr) {
      expect(fullCtr.has(line)).toBe(true);
      expect(Date.parse(parseCtr(JSON.parse(line)).LastUpdateTimestamp)).toBeLessThanOrEqual(endMs);
    }
    for (const { line } of cut.sink.lines.cfl) expect(Date.parse((JSON.parse(line) as { timestamp: string }).timestamp)).toBeLessThanOrEqual(endMs);
    for (const { line } of cut.sink.lines.ef) expect(Date.parse((JSON.parse(line) as { evaluationSubmitTimestamp: string }).evaluationSubmitTimestamp)).toBeLessThanOrEqual(endMs);
  });
});
