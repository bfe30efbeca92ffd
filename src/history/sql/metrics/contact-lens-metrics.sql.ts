import type { ClComponent, ComponentRequest } from '../../../domain/metrics/metric-components';
import type { DayPartition } from '../../../domain/time-range';
import type { SqlQuery } from '../../query-engine';
import { raw, type SqlFragment } from '../sql-fragment';
import { componentSelect, CONTACT_DIMENSIONS, perContactRowsMetricsQuery, type MetricQueryCommon } from './metric-sql';

/** A Contact Lens metrics query. */
export interface ContactLensMetricsQueryRequest extends MetricQueryCommon<ClComponent> {
  /** CTR partitions: the range (contacts by initiation). */
  readonly contactPartitions: readonly DayPartition[];
  /** Contact Lens partitions: the range and the day after (rows are partitioned by recording time). */
  readonly analysisPartitions: readonly DayPartition[];
}

/** `sum(coalesce(x, 0))`. */
const total = (column: string): SqlFragment => raw(`sum(coalesce(${column}, 0))`);

/**
 * The sum of a fractional column in thousandths, as an exact integer: a sum of doubles depends on
 * the order the engine adds them in, so DuckDB and Athena would differ in the last digit.
 */
export const thousandthsTotal = (column: string): SqlFragment => raw(`sum(CAST(round(coalesce(${column}, 0) * 1000) AS BIGINT))`);

/** The aggregate of one component over analysed contacts. */
function contactLensAggregate(component: ComponentRequest<ClComponent>): SqlFragment {
  switch (component.name) {
    case 'analyzed':
      return raw('count(*)');
    case 'sentiment_customer_sum':
      return thousandthsTotal('sentiment_customer');
    case 'sentiment_customer_count':
      return raw('count(sentiment_customer)');
    case 'sentiment_agent_sum':
      return thousandthsTotal('sentiment_agent');
    case 'sentiment_agent_count':
      return raw('count(sentiment_agent)');
    case 'talk_time_sum':
      return total('talk_time_total');
    case 'talk_time_agent_sum':
      return total('talk_time_agent');
    case 'talk_time_customer_sum':
      return total('talk_time_customer');
    case 'non_talk_time_sum':
      return total('non_talk_time_total');
    case 'conversation_duration_sum':
      return total('conversation_duration');
    case 'interruptions_sum':
      return total('interruptions_total');
  }
}

/**
 * Contact Lens metrics per interval and dimensions: the Contact Lens rows (one per contact, the
 * latest recording if analysed twice) joined by contact id to the de-duplicated contacts they
 * analyse — not by partition day, since a call that starts before midnight is recorded after it —
 * and bucketed by the contact's InitiationTimestamp.
 */
export function contactLensMetricsQuery(request: ContactLensMetricsQueryRequest): SqlQuery {
  return perContactRowsMetricsQuery(request, 'metrics_contact_lens', {
    name: 'analyses',
    alias: 'a',
    table: 'connect_cl',
    columns: [
      'contactid AS analysed_contact_id',
      'overallsentimentcustomer AS sentiment_customer',
      'overallsentimentagent AS sentiment_agent',
      'talktimetotal AS talk_time_total',
      'talktimeagent AS talk_time_agent',
      'talktimecustomer AS talk_time_customer',
      'nontalktimetotal AS non_talk_time_total',
      'totalconversationduration AS conversation_duration',
      'interruptionstotalcount AS interruptions_total',
    ],
    contactIdColumn: 'analysed_contact_id',
    key: 'contactid',
    newest: 'recordingtimestamp',
    rank: 'analysis_rank',
    partitions: request.analysisPartitions,
    dimensions: CONTACT_DIMENSIONS,
    aggregates: componentSelect(request.components, contactLensAggregate),
  });
}
