import { DemoDataError } from '../../../../src/local/demo-data';
import { resolveOptions, type DemoDataOptions } from '../../../../src/local/demo-data/demo-data.options';

const valid: DemoDataOptions = { outDir: '/tmp/x', days: 2, agents: 8, seed: 's', start: '2024-03-04' };
const NOW = Date.parse('2024-05-10T15:00:00Z');

function codeAndMessage(options: DemoDataOptions): [string, string] {
  try {
    resolveOptions(options, NOW);
  } catch (error) {
    if (error instanceof DemoDataError) return [error.code, error.message];
    throw error;
  }
  return ['none', ''];
}

describe('resolveOptions', () => {
  it('fills defaults and derives the window', () => {
    const resolved = resolveOptions(valid, NOW);
    expect(resolved).toMatchObject({ format: 'json', compression: 'mixed', seed: 's', startMs: Date.parse('2024-03-04T00:00:00Z'), stopMs: Infinity });
    expect(resolved.endMs - resolved.startMs).toBe(2 * 86_400_000);
  });

  it('defaults start to days − 1 days before today (UTC), so the data ends today', () => {
    expect(resolveOptions({ ...valid, start: undefined, days: 7 }, NOW).start).toBe('2024-05-04');
  });

  it.each([
    [{ days: -1 }, /days .*at least 1/],
    [{ days: 1.5 }, /days .*whole number/],
    [{ agents: 0 }, /agents .*at least 1/],
    [{ agents: 100_000 }, /agents .*at most/],
    [{ start: '2023-02-29' }, /start .*YYYY-MM-DD/],
    [{ outDir: '  ' }, /outDir/],
    [{ format: 'csv' as never }, /format/],
  ])('rejects %j with BAD_ARGUMENT', (override, message) => {
    const [code, text] = codeAndMessage({ ...valid, ...override });
    expect(code).toBe('BAD_ARGUMENT');
    expect(text).toMatch(message);
  });

  it('keeps endAt as the stop instant', () => {
    expect(resolveOptions({ ...valid, endAt: new Date(NOW) }, NOW).stopMs).toBe(NOW);
  });
});
