import { Kind, parse, valueFromASTUntyped, type ArgumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { findMetric } from '../../../domain/metrics/metric-catalog';
import { metricsTable, type MetricsTableSource, type MetricTableColumn } from '../../../domain/metrics/metric-table';
import { METRIC_INTERVALS, type GroupingKey, type MetricInterval, type ThresholdComparison } from '../../../domain/metrics/metric-types';

/**
 * The saved reports served at `GET /reports/<name>` (docs/reports.md): which trusted operation each
 * runs (documents/reports.graphql, by operation name) and the defaults of its parameters. HTTP-free.
 */

/** The parameters every report takes, filled from the query string into the operation's variables. */
export const REPORT_PARAMETER_NAMES = ['from', 'to', 'timeZone', 'interval', 'includeUnassigned'] as const;
export type ReportParameterName = (typeof REPORT_PARAMETER_NAMES)[number];

/** Defaults of a report's parameters (`from`/`to` in the relative grammar of domain/relative-time). */
export interface ReportDefaults {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly interval: MetricInterval;
  /** `true` keeps rows whose grouping has no value (e.g. contacts without a CallReason); `false` leaves them out. */
  readonly includeUnassigned: 'true' | 'false';
}

/** One saved report. */
export interface ReportDefinition {
  /** The URL name: `/reports/<name>.csv`. */
  readonly name: string;
  /** The operation in documents/reports.graphql (found in the trusted-documents manifest at start-up). */
  readonly operationName: string;
  readonly title: string;
  readonly description: string;
  readonly defaults: ReportDefaults;
  /** Values `interval` accepts. */
  readonly intervals: readonly MetricInterval[];
}

/** Defaults of every shipped report: the last seven whole days in UTC, by day. */
export const DEFAULT_REPORT_DEFAULTS: ReportDefaults = { from: 'today-7d', to: 'today', timeZone: 'UTC', interval: 'DAY', includeUnassigned: 'false' };

const report = (name: string, operationName: string, title: string, description: string): ReportDefinition => ({
  name,
  operationName,
  title,
  description,
  defaults: DEFAULT_REPORT_DEFAULTS,
  intervals: METRIC_INTERVALS,
});

/** The shipped reports, in the order `GET /reports` lists them. */
export const REPORT_CATALOG: readonly ReportDefinition[] = [
  report(
    'queue-summary',
    'ReportQueueSummary',
    'Queue summary',
    'Per queue and interval: contacts queued, handled and abandoned, average handle time, and the service level within 20 and 60 seconds.',
  ),
  report('calls-by-reason', 'ReportCallsByReason', 'Calls by call reason', "Voice calls created per value of the 'CallReason' contact attribute, per interval (the Athena sample's calls per call reason)."),
  report(
    'abandoned-calls',
    'ReportAbandonedCalls',
    'Abandoned calls',
    'Voice calls abandoned per call reason, their average abandon time, and how many were abandoned within 12 seconds of being queued (the Athena sample\'s threshold).',
  ),
  report('answered-calls', 'ReportAnsweredCalls', 'Answered calls', 'Voice calls handled per call reason, with the average queue answer time, interaction time and after-contact work time.'),
  report('disconnect-reasons', 'ReportDisconnectReasons', 'Disconnect reasons', 'Contacts that ended, per disconnect reason (customer, agent, network …), per interval.'),
  report('sentiment-by-queue', 'ReportSentimentByQueue', 'Sentiment by queue', 'Contacts analysed by Contact Lens per queue, with the average customer and agent sentiment (−5 to +5).'),
  report('evaluation-scores', 'ReportEvaluationScores', 'Evaluation scores', 'Evaluations performed per evaluation form, with the average total score (percent).'),
];

/** A report with its operation, ready to run. */
export interface ResolvedReport extends ReportDefinition {
  /** The document text, exactly as registered in the manifest. */
  readonly document: string;
  /** The columns of its answer, read from the document's metrics input (the same names and order `MetricsResult.table` gives). */
  readonly columns: readonly MetricTableColumn[];
}

/** The named operations of a manifest's documents: operation name → document text. */
function operationsOf(manifest: Readonly<Record<string, string>>): Map<string, { document: string; operation: OperationDefinitionNode }> {
  const byName = new Map<string, { document: string; operation: OperationDefinitionNode }>();
  for (const document of Object.values(manifest)) {
    for (const definition of parse(document).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name !== undefined) byName.set(definition.name.value, { document, operation: definition });
    }
  }
  return byName;
}

interface MetricsInputLiteral {
  readonly groupings?: readonly { readonly key: GroupingKey; readonly attributeKey?: string }[];
  readonly metrics?: readonly { readonly name: string; readonly thresholds?: readonly { readonly comparison?: ThresholdComparison; readonly seconds: number }[] }[];
}

/**
 * The columns of a report operation: its `metrics(input: …)` literal's groupings and metrics, through the
 * same {@link metricsTable} the answer goes through, so the index shows exactly the answer's columns.
 * @throws Error when the operation does not select `metrics(input: {…})` with literal groupings and metrics.
 */
function columnsOf(operationName: string, operation: OperationDefinitionNode): MetricTableColumn[] {
  const field = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'metrics');
  const input: ArgumentNode | undefined = field?.arguments?.find((a) => a.name.value === 'input');
  if (input === undefined || input.value.kind !== Kind.OBJECT) throw new Error(`report operation ${operationName} must select metrics(input: {…}) with literal groupings and metrics`);
  const literal = valueFromASTUntyped(input.value) as MetricsInputLiteral;
  const metrics = (literal.metrics ?? []).flatMap((metric): MetricsTableSource['metrics'] => {
    const definition = findMetric(metric.name);
    if (definition === undefined) throw new Error(`report operation ${operationName}: unknown metric ${metric.name}`);
    const thresholds = metric.thresholds ?? [];
    if (thresholds.length === 0) return [{ name: definition.name, unit: definition.unit, threshold: null }];
    return thresholds.map((t) => ({ name: definition.name, unit: definition.unit, threshold: { comparison: t.comparison ?? 'LT', seconds: t.seconds } }));
  });
  return [...metricsTable({ groupings: literal.groupings ?? [], metrics, rows: [] }).columns];
}

/**
 * Finds every report's operation in the trusted-documents manifest (`{"sha256:<hex>": "<document>"}`).
 * @throws Error naming the missing operations and how to register them, so the server does not start without its reports.
 */
export function resolveReports(manifest: Readonly<Record<string, string>>, manifestFile: string, catalog: readonly ReportDefinition[] = REPORT_CATALOG): ResolvedReport[] {
  const operations = operationsOf(manifest);
  const missing = catalog.filter((r) => !operations.has(r.operationName));
  if (missing.length > 0) {
    throw new Error(
      `Saved reports: the operations ${missing.map((r) => `${r.operationName} (/reports/${r.name})`).join(', ')} are not in the trusted-documents manifest ${manifestFile}. ` +
        'They are defined in documents/reports.graphql: run npm run build (or npm run trusted-documents) to register them, or set TRUSTED_DOCUMENTS_FILE to a manifest built from this version.',
    );
  }
  return catalog.map((r) => {
    const { document, operation } = operations.get(r.operationName)!;
    return { ...r, document, columns: columnsOf(r.operationName, operation) };
  });
}
