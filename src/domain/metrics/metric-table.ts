import type { GroupingKey, MetricThreshold, MetricUnit } from './metric-types';

/**
 * The flat shape of a metrics answer, for BI tools (CSV, JSON arrays, Grafana, Power BI): one object per
 * row with stable snake_case column names. `MetricsResult.table` and the saved reports
 * (`/reports/<name>.csv`) both come from {@link metricsTable}, so a column has the same name and value
 * wherever it is read.
 *
 * Columns, in this order:
 * - `interval_start`, `interval_end`: the interval's instants in ISO-8601 UTC (`2026-11-19T05:00:00.000Z`,
 *   the text `MetricResultRow.intervalStart` has);
 * - `interval_start_local`: the start in the request time zone with its offset (`2026-11-19T00:00:00-05:00`);
 * - one column per grouping, in request order: the grouping key in lower case (`queue`, `agent`,
 *   `routing_profile`, `agent_hierarchy_level_one` …); a contact attribute is `contact_attribute_` + the
 *   attribute's name in snake_case (`CallReason` → `contact_attribute_call_reason`);
 * - one column per metric value, in request order: the metric in lower case, then its threshold
 *   (`_lt_20s`, `_lte_60s`; a `…_IN_X` metric drops its `_x`: `sum_contacts_answered_in_lt_20s`), then
 *   `_seconds` for durations (`avg_handle_time_seconds`). Counts, percentages and scores carry no suffix;
 *   the column's `unit` says which.
 *
 * A name that would repeat (two attribute names with the same snake_case) gets `_2`, `_3` ….
 */

/** What a table column holds. */
export type MetricTableColumnKind = 'TIME' | 'TEXT' | 'NUMBER';

/** One column of a metrics table. */
export interface MetricTableColumn {
  /** Stable snake_case name, the key of the row objects. */
  readonly name: string;
  readonly kind: MetricTableColumnKind;
  /** The unit of a metric column; null for interval and grouping columns. */
  readonly unit: MetricUnit | null;
}

/** A cell: ISO text for times, text (or null when the data has none) for groupings, a number or null for metrics. */
export type MetricTableCell = string | number | null;

/** A metrics answer as columns and flat rows. */
export interface MetricTable {
  readonly columns: readonly MetricTableColumn[];
  /** One object per answer row, keyed by column name, every column present. */
  readonly rows: readonly Readonly<Record<string, MetricTableCell>>[];
}

/** What {@link metricsTable} reads of a metrics answer (the answer's own type lives in the history layer). */
export interface MetricsTableSource {
  readonly groupings: readonly { readonly key: GroupingKey; readonly attributeKey?: string | null }[];
  readonly metrics: readonly { readonly name: string; readonly unit: MetricUnit; readonly threshold: MetricThreshold | null }[];
  readonly rows: readonly {
    readonly intervalStart: Date;
    readonly intervalEnd: Date;
    readonly intervalStartLocal: string;
    readonly dimensions: readonly { readonly value: string | null }[];
    readonly metrics: readonly { readonly value: number | null }[];
  }[];
}

/** `CallReason` → `call_reason`, `customer.tier` → `customer_tier`, `NPS Score` → `nps_score`. Pure. */
export function snakeCase(text: string): string {
  const snake = text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return snake === '' ? 'value' : snake;
}

/** The column name of a grouping: `queue`, `contact_attribute_call_reason`. Pure. */
export function groupingColumnName(grouping: { readonly key: GroupingKey; readonly attributeKey?: string | null }): string {
  const key = grouping.key.toLowerCase();
  return grouping.key === 'CONTACT_ATTRIBUTE' ? `${key}_${snakeCase(grouping.attributeKey ?? '')}` : key;
}

/** The column name of a metric value: `service_level_lt_20s`, `avg_handle_time_seconds`. Pure. */
export function metricColumnName(metric: { readonly name: string; readonly unit: MetricUnit; readonly threshold: MetricThreshold | null }): string {
  let name = metric.name.toLowerCase();
  if (metric.threshold !== null) {
    if (name.endsWith('_in_x')) name = name.slice(0, -'_x'.length);
    name += `_${metric.threshold.comparison.toLowerCase()}_${metric.threshold.seconds}s`;
  }
  return metric.unit === 'SECONDS' ? `${name}_seconds` : name;
}

/** Names made unique in order: a repeat gets `_2`, `_3` …. */
function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name}_${n}`;
    used.add(candidate);
    return candidate;
  });
}

/**
 * A metrics answer as a table: the columns follow from the request (its groupings and metric values),
 * so an empty answer has the same columns as a full one. Pure.
 */
export function metricsTable(source: MetricsTableSource): MetricTable {
  const names = uniqueNames(['interval_start', 'interval_end', 'interval_start_local', ...source.groupings.map(groupingColumnName), ...source.metrics.map(metricColumnName)]);
  const groupingNames = names.slice(3, 3 + source.groupings.length);
  const metricNames = names.slice(3 + source.groupings.length);
  const columns: MetricTableColumn[] = [
    { name: names[0]!, kind: 'TIME', unit: null },
    { name: names[1]!, kind: 'TIME', unit: null },
    { name: names[2]!, kind: 'TIME', unit: null },
    ...groupingNames.map((name): MetricTableColumn => ({ name, kind: 'TEXT', unit: null })),
    ...metricNames.map((name, i): MetricTableColumn => ({ name, kind: 'NUMBER', unit: source.metrics[i]!.unit })),
  ];
  const rows = source.rows.map((row) => {
    const flat: Record<string, MetricTableCell> = {
      [names[0]!]: row.intervalStart.toISOString(),
      [names[1]!]: row.intervalEnd.toISOString(),
      [names[2]!]: row.intervalStartLocal,
    };
    groupingNames.forEach((name, i) => (flat[name] = row.dimensions[i]?.value ?? null));
    metricNames.forEach((name, i) => (flat[name] = row.metrics[i]?.value ?? null));
    return flat;
  });
  return { columns, rows };
}
