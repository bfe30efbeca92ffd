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
import type { PartitionMargins } from '../../domain/partition-planner';
import type { SqlQuery } from '../query-engine';
import { agentTimeMetricsQuery } from '../sql/metrics/agent-time-metrics.sql';
import { contactLensMetricsQuery } from '../sql/metrics/contact-lens-metrics.sql';
import { ctrMetricsQuery, type CtrAttribution } from '../sql/metrics/ctr-metrics.sql';
import { evaluationMetricsQuery } from '../sql/metrics/evaluation-metrics.sql';
import type { MetricQueryCommon } from '../sql/metrics/metric-sql';
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

function buildQuery(family: string, plan: MetricsPlan, dialect: Dialect, scope: Scope, components: readonly ComponentRequest[]): SqlQuery {
  const { range } = plan;
  const contactsOfRange = metricPartitions(range, METRIC_PARTITION_MARGINS.contactsByInitiation);
  switch (family) {
    case 'ae': {
      const margins = METRIC_PARTITION_MARGINS.agentStatus;
      return agentTimeMetricsQuery({ ...common<AeComponent>(plan, dialect, scope, components, margins), eventPartitions: metricPartitions(range, margins) });
    }
    case 'cl': {
      const margins = METRIC_PARTITION_MARGINS.contactLensOfContacts;
      return contactLensMetricsQuery({
        ...common<ClComponent>(plan, dialect, scope, components, margins),
        contactPartitions: contactsOfRange,
        analysisPartitions: metricPartitions(range, margins),
      });
    }
    case 'ef': {
      const margins = METRIC_PARTITION_MARGINS.evaluationsOfContacts;
      return evaluationMetricsQuery({
        ...common<EfComponent>(plan, dialect, scope, components, margins),
        contactPartitions: contactsOfRange,
        evaluationPartitions: metricPartitions(range, margins),
      });
    }
    default: {
      const attribution = family.slice('ctr:'.length) as CtrAttribution;
      const margins = attribution === 'CONTACT_INITIATION' ? METRIC_PARTITION_MARGINS.contactsByInitiation : METRIC_PARTITION_MARGINS.contactsByLaterTimestamp;
      return ctrMetricsQuery({ ...common<CtrComponent>(plan, dialect, scope, components, margins), attribution, contactPartitions: metricPartitions(range, margins) });
    }
  }
}

/**
 * The engine queries that answer a plan: one per family among the requested metrics, each computing
 * the union of its metrics' components once. Pure.
 */
export function planFamilyQueries(plan: MetricsPlan, dialect: Dialect, scope: Scope): FamilyQuery[] {
  const byFamily = new Map<string, Map<string, ComponentRequest>>();
  for (const metric of plan.metrics) {
    const family = familyOf(metric);
    const components = byFamily.get(family) ?? new Map<string, ComponentRequest>();
    for (const component of componentsOf(metric)) components.set(componentKey(component), component);
    byFamily.set(family, components);
  }
  return [...byFamily].map(([family, components]) => {
    const list = [...components.values()];
    return { family, components: list, query: buildQuery(family, plan, dialect, scope, list) };
  });
}
