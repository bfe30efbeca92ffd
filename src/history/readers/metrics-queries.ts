import {
  componentKey,
  CTR_THRESHOLD_COMPONENTS,
  type AeComponent,
  type ClComponent,
  type ComponentName,
  type ComponentRequest,
  type CtrComponent,
  type EfComponent,
} from '../../domain/metrics/metric-components';
import { formulaComponents } from '../../domain/metrics/metric-formula';
import { freshnessRange, METRIC_PARTITION_MARGINS, metricPartitions } from '../../domain/metrics/metric-partitions';
import type { MetricsPlan, PlannedMetric } from '../../domain/metrics/metric-request';
import { isClosedPartitionDay, rollupIneligibility } from '../../domain/metrics/metric-rollup';
import type { PartitionMargins } from '../../domain/partition-planner';
import { partitionDayKey, type DayPartition } from '../../domain/time-range';
import type { SqlQuery } from '../query-engine';
import { agentTimeMetricsQuery } from '../sql/metrics/agent-time-metrics.sql';
import { contactLensMetricsQuery } from '../sql/metrics/contact-lens-metrics.sql';
import { ctrMetricsQuery, type CtrAttribution } from '../sql/metrics/ctr-metrics.sql';
import { evaluationMetricsQuery } from '../sql/metrics/evaluation-metrics.sql';
import type { MetricQueryCommon } from '../sql/metrics/metric-sql';
import { ctrMetricsWithRollupQuery } from '../sql/rollup/ctr-rollup-read.sql';
import type { Scope } from '../sql/scope';
import type { Dialect } from '../sql/sql-fragment';

/**
 * One engine query of a metrics request: a metric family (a source, and for contact records the
 * attribution timestamp) with the components its metrics need, in column order `c0`, `c1` ….
 */
export interface FamilyQuery {
  /** `ctr:CONTACT_INITIATION`, `ctr:QUEUE_ENQUEUE`, `ae`, `cl`, `ef`. */
  readonly family: string;
  readonly components: readonly ComponentRequest[];
  readonly query: SqlQuery;
  /** For contact-record families: the CTR partition days read from the rollup and from the records (`YYYY-MM-DD`). */
  readonly partitionDays?: { readonly rollup: readonly string[]; readonly raw: readonly string[] };
}

/** A built query and, for contact-record families, where its partition days were read from. */
interface BuiltQuery {
  readonly query: SqlQuery;
  readonly partitionDays?: FamilyQuery['partitionDays'];
}

/** The family of a planned metric. */
export function familyOf(metric: PlannedMetric): string {
  const { source, attribution } = metric.definition;
  return source === 'ctr' ? `ctr:${attribution}` : source;
}

/** The components a planned metric reads, with its threshold where a component takes one. */
export function componentsOf(metric: PlannedMetric): ComponentRequest[] {
  return formulaComponents(metric.definition.formula).map((name) =>
    metric.threshold && (CTR_THRESHOLD_COMPONENTS as readonly ComponentName[]).includes(name) ? { name, threshold: metric.threshold } : { name },
  );
}

/** A component's key in merged rows: unique across the families of one request. */
export function familyComponentKey(family: string, component: ComponentRequest): string {
  return `${family}/${componentKey(component)}`;
}

function common<C extends string>(plan: MetricsPlan, dialect: Dialect, scope: Scope, components: readonly ComponentRequest[], margins: PartitionMargins): MetricQueryCommon<C> {
  return {
    dialect,
    scope,
    buckets: plan.buckets,
    groupings: plan.groupings,
    filters: plan.filters,
    components: components as readonly ComponentRequest<C>[],
    freshness: freshnessRange(plan.range, margins),
  };
}

/** The CTR partitions a contact-record family reads (the range, one day earlier for a later attribution). */
function ctrFamilyPartitions(family: string, plan: MetricsPlan): { attribution: CtrAttribution; margins: PartitionMargins; partitions: DayPartition[] } {
  const attribution = family.slice('ctr:'.length) as CtrAttribution;
  const margins = attribution === 'CONTACT_INITIATION' ? METRIC_PARTITION_MARGINS.contactsByInitiation : METRIC_PARTITION_MARGINS.contactsByLaterTimestamp;
  return { attribution, margins, partitions: metricPartitions(plan.range, margins) };
}

/** Whether a contact-record family's question can be read from the rollup (components, keys, thresholds, bucket boundaries). */
function rollupEligible(plan: MetricsPlan, components: readonly ComponentRequest[]): boolean {
  return rollupIneligibility({ components: components as readonly ComponentRequest<CtrComponent>[], groupings: plan.groupings, filters: plan.filters, buckets: plan.buckets }) === undefined;
}

function buildQuery(family: string, plan: MetricsPlan, dialect: Dialect, scope: Scope, components: readonly ComponentRequest[], rollupDays: ReadonlySet<string>): BuiltQuery {
  const { range } = plan;
  const contactsOfRange = metricPartitions(range, METRIC_PARTITION_MARGINS.contactsByInitiation);
  switch (family) {
    case 'ae': {
      const margins = METRIC_PARTITION_MARGINS.agentStatus;
      return { query: agentTimeMetricsQuery({ ...common<AeComponent>(plan, dialect, scope, components, margins), eventPartitions: metricPartitions(range, margins) }) };
    }
    case 'cl': {
      const margins = METRIC_PARTITION_MARGINS.contactLensOfContacts;
      return { query: contactLensMetricsQuery({
        ...common<ClComponent>(plan, dialect, scope, components, margins),
        contactPartitions: contactsOfRange,
        analysisPartitions: metricPartitions(range, margins),
      }) };
    }
    case 'ef': {
      const margins = METRIC_PARTITION_MARGINS.evaluationsOfContacts;
      return { query: evaluationMetricsQuery({
        ...common<EfComponent>(plan, dialect, scope, components, margins),
        contactPartitions: contactsOfRange,
        evaluationPartitions: metricPartitions(range, margins),
      }) };
    }
    default: {
      const { attribution, margins, partitions } = ctrFamilyPartitions(family, plan);
      const request = { ...common<CtrComponent>(plan, dialect, scope, components, margins), attribution };
      const fromRollup = rollupDays.size > 0 && rollupEligible(plan, components) ? partitions.filter((d) => rollupDays.has(partitionDayKey(d))) : [];
      const raw = fromRollup.length > 0 ? partitions.filter((d) => !rollupDays.has(partitionDayKey(d))) : partitions;
      const partitionDays = { rollup: fromRollup.map(partitionDayKey), raw: raw.map(partitionDayKey) };
      if (fromRollup.length === 0) return { query: ctrMetricsQuery({ ...request, contactPartitions: partitions }), partitionDays };
      return { query: ctrMetricsWithRollupQuery({ ...request, contactPartitions: raw, rollupPartitions: fromRollup }), partitionDays };
    }
  }
}

/**
 * The CTR partition days of a plan that its rollup could serve: those of the contact-record
 * families the rollup can answer (see `rollupIneligibility`) that are closed at `nowMs`. The
 * reader asks which of them are clean. Pure.
 */
export function rollupCandidateDays(plan: MetricsPlan, nowMs: number): DayPartition[] {
  const byKey = new Map<string, DayPartition>();
  for (const [family, components] of familyComponents(plan)) {
    if (!family.startsWith('ctr:') || !rollupEligible(plan, components)) continue;
    for (const day of ctrFamilyPartitions(family, plan).partitions) if (isClosedPartitionDay(day, nowMs)) byKey.set(partitionDayKey(day), day);
  }
  return [...byKey.values()];
}

/** The families of a plan, each with the union of its metrics' components, in first-use order. */
function familyComponents(plan: MetricsPlan): [string, ComponentRequest[]][] {
  const byFamily = new Map<string, Map<string, ComponentRequest>>();
  for (const metric of plan.metrics) {
    const family = familyOf(metric);
    const components = byFamily.get(family) ?? new Map<string, ComponentRequest>();
    for (const component of componentsOf(metric)) components.set(componentKey(component), component);
    byFamily.set(family, components);
  }
  return [...byFamily].map(([family, components]) => [family, [...components.values()]]);
}

/**
 * The engine queries that answer a plan: one per family among the requested metrics, each computing
 * the union of its metrics' components once. A contact-record family the rollup can answer reads
 * the partition days in `rollupDays` (closed and clean, `YYYY-MM-DD`) from the rollup and the
 * others from the records, in one statement. Pure.
 */
export function planFamilyQueries(plan: MetricsPlan, dialect: Dialect, scope: Scope, rollupDays: ReadonlySet<string> = new Set()): FamilyQuery[] {
  return familyComponents(plan).map(([family, components]) => ({ family, components, ...buildQuery(family, plan, dialect, scope, components, rollupDays) }));
}
