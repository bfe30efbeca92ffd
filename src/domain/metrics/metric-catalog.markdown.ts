import { METRIC_CATALOG, type MetricDefinition } from './metric-catalog';
import { HIERARCHY_GROUPINGS, type GroupingKey, type MetricSource } from './metric-types';

/** The sources as the documentation names them. */
const SOURCE_LABELS: Readonly<Record<MetricSource, string>> = { ctr: 'contact records', ae: 'agent events', cl: 'Contact Lens', ef: 'evaluations' };

/** Groupings with the five hierarchy levels written once. */
function groupingsText(keys: readonly GroupingKey[]): string {
  const hasAllLevels = HIERARCHY_GROUPINGS.every((level) => keys.includes(level));
  const out: string[] = [];
  for (const key of keys) {
    if (hasAllLevels && (HIERARCHY_GROUPINGS as readonly string[]).includes(key)) {
      if (key === HIERARCHY_GROUPINGS[0]) out.push('AGENT_HIERARCHY_LEVEL_ONE…FIVE');
    } else out.push(key);
  }
  return out.join(', ');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function rowOf(m: MetricDefinition): string {
  const name = m.connectMetric ? `\`${m.name}\`` : `\`${m.name}\` (ours)`;
  const thresholds = m.thresholds === 'required' ? 'required' : '—';
  return `| ${name} | ${m.unit} | ${SOURCE_LABELS[m.source]} | ${cell(groupingsText(m.allowedGroupings))} | ${thresholds} | ${cell(m.description)} |`;
}

/**
 * The catalog as the Markdown table of docs/metrics.md (a test fails when the document drifts from
 * the catalog). Pure.
 */
export function renderMetricCatalogMarkdown(catalog: readonly MetricDefinition[] = METRIC_CATALOG): string {
  return ['| metric | unit | source | groupings and filters | thresholds | definition and attribution |', '| --- | --- | --- | --- | --- | --- |', ...catalog.map(rowOf)].join('\n');
}
