import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { metricsTable, type MetricTable as MetricTableModel } from '../src/domain/metrics/metric-table';
import type { MetricDefinition as MetricDefinitionModel } from '../src/domain/metrics/metric-catalog';
import type { MetricsRequest } from '../src/domain/metrics/metric-request';
import { assertAttributesReadable } from '../src/domain/pii';
import type { MetricsResult as MetricsResultModel } from '../src/services/metrics.service';
import type { RequestContext } from '../src/services/request-context';
import { METRIC_SOURCE_NAMES } from '../schema/metrics.enums';
import { MetricsInput } from '../schema/metrics.input';
import { MetricDefinition, MetricsResult, MetricTable } from '../schema/metrics.type';
import { RequiresScope } from '../schema/auth.decorators';

/** The service's request from the GraphQL input (nulls become absent). */
function toRequest(input: MetricsInput): MetricsRequest {
  return {
    from: input.from,
    to: input.to,
    interval: input.interval,
    timeZone: input.timeZone,
    groupings: (input.groupings ?? []).map((g) => ({ key: g.key, attributeKey: g.attributeKey ?? undefined })),
    filters: (input.filters ?? []).map((f) => ({ key: f.key, attributeKey: f.attributeKey ?? undefined, values: f.values })),
    metrics: input.metrics.map((m) => ({ name: m.name, thresholds: m.thresholds?.map((t) => ({ comparison: t.comparison, seconds: t.seconds })) ?? null })),
    includeUnassigned: input.includeUnassigned === true,
  };
}

function toDefinition(m: MetricDefinitionModel): MetricDefinition {
  return {
    name: m.name,
    title: m.title,
    description: m.description,
    unit: m.unit,
    source: METRIC_SOURCE_NAMES[m.source],
    attribution: m.attribution,
    allowedGroupings: [...m.allowedGroupings],
    thresholdRequired: m.thresholds === 'required',
    connectMetric: m.connectMetric,
  };
}

/** `Query.metrics` and `Query.metricDefinitions`. Thin: arguments to the metrics service. */
@Resolver()
export class MetricsResolver {
  @RequiresScope('metrics:read')
  @Query(() => MetricsResult, {
    description:
      'Contact-center metrics in the vocabulary of Amazon Connect GetMetricDataV2 (CONTACTS_HANDLED, AVG_HANDLE_TIME, SERVICE_LEVEL with thresholds, AGENT_OCCUPANCY …) by interval (FIFTEEN_MIN … TOTAL, in a time zone) and up to 4 groupings, computed from contact records, agent events, Contact Lens and evaluations. Every row has its interval start and end; a null value cannot be computed, 0 is zero. `metricDefinitions` lists the metrics. Grouping or filtering by a CONTACT_ATTRIBUTE outside the attribute allowlist (`PII_ATTRIBUTE_ALLOWLIST`) also requires scope `pii:read`.',
  })
  metrics(@Arg('input', () => MetricsInput, { description: 'Range, interval, time zone, groupings, filters and metrics.' }) input: MetricsInput, @Ctx() ctx: RequestContext): Promise<MetricsResultModel> {
    const request = toRequest(input);
    assertAttributesReadable(ctx.principal, ctx.piiAttributeAllowlist, [...(request.groupings ?? []), ...(request.filters ?? [])].map((g) => g.attributeKey));
    return ctx.services.metrics.getMetrics(request);
  }

  @RequiresScope('metrics:read')
  @Query(() => [MetricDefinition], { description: 'Every metric `metrics` can compute: name, definition (with its interval attribution rule), unit, source and allowed groupings.' })
  metricDefinitions(@Ctx() ctx: RequestContext): MetricDefinition[] {
    return ctx.services.metrics.definitions().map(toDefinition);
  }
}

/** `MetricsResult.table`: the rows flattened by the function the saved reports use. */
@Resolver(() => MetricsResult)
export class MetricsTableResolver {
  @FieldResolver(() => MetricTable, {
    description: 'The rows as a table of flat objects with stable snake_case columns (what /reports/<name>.csv and .json serve). Costs nothing beyond the metrics themselves.',
  })
  table(@Root() result: MetricsResultModel): MetricTableModel {
    return metricsTable(result);
  }
}
