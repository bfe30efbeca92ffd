import type { ComponentRequest, EfComponent } from '../../../domain/metrics/metric-components';
import type { DayPartition } from '../../../domain/time-range';
import type { SqlQuery } from '../../query-engine';
import { dedupedContactsCte } from '../contacts.sql';
import { thousandthsTotal } from './contact-lens-metrics.sql';
import { partitionPredicate } from '../partitions.sql';
import { instanceIdScopePredicate } from '../scope';
import { raw, sql, timestampOf, type SqlFragment } from '../sql-fragment';
import {
  bucketedContactFacts,
  componentSelect,
  CONTACT_DIMENSIONS,
  type DimensionColumns,
  type MetricQueryCommon,
} from './metric-sql';

/** An evaluation metrics query. */
export interface EvaluationMetricsQueryRequest extends MetricQueryCommon<EfComponent> {
  /** CTR partitions: the range (evaluated contacts by initiation). */
  readonly contactPartitions: readonly DayPartition[];
  /** Evaluation partitions: the range and 30 days after (rows are partitioned by submission time). */
  readonly evaluationPartitions: readonly DayPartition[];
}

/** The evaluated contact's dimensions, plus the evaluation form (its title). */
export const EVALUATION_DIMENSIONS: DimensionColumns = {
  keys: { ...CONTACT_DIMENSIONS.keys, EVALUATION_FORM: { value: 'evaluation_form' } },
  attributesJson: CONTACT_DIMENSIONS.attributesJson,
};

/** The aggregate of one component over evaluations. */
function evaluationAggregate(component: ComponentRequest<EfComponent>): SqlFragment {
  switch (component.name) {
    case 'evaluations':
      return raw('count(*)');
    case 'evaluation_score_sum':
      // The evaluation rows write a total score of 0 % as null (the sample's `parseFloat(x) || null`).
      return thousandthsTotal('total_score_percentage');
  }
}

/**
 * Evaluation metrics per interval and dimensions: submitted evaluations (de-duplicated by evaluation
 * id, the latest submission) joined by contact id to the de-duplicated contacts they evaluate and
 * bucketed by the contact's InitiationTimestamp; grouped by the contact's queue, agent … or by form.
 */
export function evaluationMetricsQuery(request: EvaluationMetricsQueryRequest): SqlQuery {
  const { dialect } = request;
  const at = timestampOf(dialect, 'c.initiation_timestamp');
  const q = sql`WITH ${dedupedContactsCte(dialect, request.scope, partitionPredicate(request.contactPartitions))},
evaluations AS (
  SELECT
    evaluationid AS evaluation_id,
    contactid AS evaluated_contact_id,
    evaluationdefinitiontitle AS evaluation_form,
    evaluationformtotalscorepercentage AS total_score_percentage,
    row_number() OVER (PARTITION BY evaluationid ORDER BY ${timestampOf(dialect, 'evaluationsubmittimestamp')} DESC) AS evaluation_rank
  FROM connect_ef
  WHERE ${partitionPredicate(request.evaluationPartitions)} AND ${instanceIdScopePredicate(request.scope, 'instanceid')}
),
${bucketedContactFacts({
  ...request,
  dimensions: EVALUATION_DIMENSIONS,
  at,
  factsAlias: 'e',
  join: raw('JOIN evaluations e ON e.evaluated_contact_id = c.contact_id AND e.evaluation_rank = 1'),
  aggregates: componentSelect(request.components, evaluationAggregate),
})}`;
  return { id: 'metrics_evaluations', sql: q.text, params: q.params, freshness: request.freshness };
}
