import { evaluateFormula, formulaComponents } from '../../../../src/domain/metrics/metric-formula';
import type { ComponentName } from '../../../../src/domain/metrics/metric-components';

const values = (v: Partial<Record<ComponentName, number | null>>) => (name: ComponentName) => v[name] ?? null;

describe('metric formulas: null means cannot be computed, 0 means zero', () => {
  it('sums are 0 without data and scaled exactly', () => {
    expect(evaluateFormula({ kind: 'sum', of: ['handled'] }, values({}))).toBe(0);
    expect(evaluateFormula({ kind: 'sum', of: ['interaction_time_sum', 'hold_time_sum'] }, values({ interaction_time_sum: 10, hold_time_sum: 5 }))).toBe(15);
    expect(evaluateFormula({ kind: 'sum', of: ['online_ms'], scale: 0.001 }, values({ online_ms: 1234 }))).toBe(1.234);
    expect(evaluateFormula({ kind: 'sum', of: ['online_ms'], scale: 0.001 }, values({ online_ms: 30_838_140 }))).toBe(30_838.14);
  });

  it('a maximum of nothing is null, a maximum of 0 is 0', () => {
    expect(evaluateFormula({ kind: 'max', of: 'queue_time_max' }, values({}))).toBeNull();
    expect(evaluateFormula({ kind: 'max', of: 'queue_time_max' }, values({ queue_time_max: 0 }))).toBe(0);
  });

  it('a ratio over a zero denominator is null; a zero numerator is 0', () => {
    const rate = { kind: 'ratio', numerator: ['abandoned'], denominator: ['queued'], scale: 100 } as const;
    expect(evaluateFormula(rate, values({ abandoned: 0, queued: 0 }))).toBeNull();
    expect(evaluateFormula(rate, values({}))).toBeNull();
    expect(evaluateFormula(rate, values({ abandoned: 0, queued: 8 }))).toBe(0);
    expect(evaluateFormula(rate, values({ abandoned: 1, queued: 8 }))).toBe(12.5);
    const occupancy = { kind: 'ratio', numerator: ['on_contact_ms'], denominator: ['on_contact_ms', 'idle_ms'], scale: 100 } as const;
    expect(evaluateFormula(occupancy, values({ on_contact_ms: 3, idle_ms: 1 }))).toBe(75);
    expect(formulaComponents(occupancy)).toEqual(['on_contact_ms', 'idle_ms']);
  });
});
