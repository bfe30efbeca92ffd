import type { ComponentRequest, EfComponent } from '../../../domain/metrics/metric-components';
import type { DayPartition } from '../../../domain/time-range';
import type { SqlQuery } from '../../query-engine';
import { thousandthsTotal } from './contact-lens-metrics.sql';
import { raw, type SqlFragment } from '../sql-fragment';
import { componentSelect, CONTACT_DIMENSIONS, perContactRowsMetricsQuery, type DimensionColumns, type MetricQueryCommon } from './metric-sql';

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
  return perContactRowsMetricsQuery(request, 'metrics_evaluations', {
    name: 'evaluations',
    alias: 'e',
    table: 'connect_ef',
    columns: [
      'evaluationid AS evaluation_id',
      'contactid AS evaluated_contact_id',
      'evaluationdefinitiontitle AS evaluation_form',
      'evaluationformtotalscorepercentage AS total_score_percentage',
    ],
    contactIdColumn: 'evaluated_contact_id',
    key: 'evaluationid',
    newest: 'evaluationsubmittimestamp',
    rank: 'evaluation_rank',
    partitions: request.evaluationPartitions,
    dimensions: EVALUATION_DIMENSIONS,
    aggregates: componentSelect(request.components, evaluationAggregate),
  });
}
