import type { ComponentName } from './metric-components';

/**
 * How a metric's value is computed from its source's components.
 * - `sum`: the sum of components times `scale` (0 when there was no data: counts and totals are zero, not unknown);
 * - `max`: a component; null when there was no data;
 * - `ratio`: (sum of `numerator`) / (sum of `denominator`) × `scale`; null when the denominator is 0
 *   (an average of nothing or a rate of nothing cannot be computed), as GetMetricDataV2 answers.
 */
export type MetricFormula =
  | { readonly kind: 'sum'; readonly of: readonly ComponentName[]; readonly scale?: number }
  | { readonly kind: 'max'; readonly of: ComponentName }
  | { readonly kind: 'ratio'; readonly numerator: readonly ComponentName[]; readonly denominator: readonly ComponentName[]; readonly scale?: number };

/** The components a formula reads. */
export function formulaComponents(formula: MetricFormula): ComponentName[] {
  switch (formula.kind) {
    case 'sum':
      return [...new Set(formula.of)];
    case 'max':
      return [formula.of];
    case 'ratio':
      return [...new Set([...formula.numerator, ...formula.denominator])];
  }
}

/** `value × scale`; a scale below 1 divides by its inverse, so milliseconds become seconds without float noise (1234 ms → 1.234 s). */
function scaled(value: number, scale = 1): number {
  return scale >= 1 ? value * scale : value / Math.round(1 / scale);
}

/**
 * Evaluates a formula. `component` returns a component's value for the row, or null when the row has
 * none (the query returned no row for these dimensions and interval, or an aggregate of no values).
 * Pure.
 */
export function evaluateFormula(formula: MetricFormula, component: (name: ComponentName) => number | null): number | null {
  const total = (names: readonly ComponentName[]): number => names.reduce((sum, name) => sum + (component(name) ?? 0), 0);
  switch (formula.kind) {
    case 'sum':
      return scaled(total(formula.of), formula.scale);
    case 'max':
      return component(formula.of);
    case 'ratio': {
      const denominator = total(formula.denominator);
      if (denominator === 0) return null;
      return scaled(total(formula.numerator) / denominator, formula.scale);
    }
  }
}
