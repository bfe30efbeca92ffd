import type { ComponentRequest, CtrComponent } from '../../../domain/metrics/metric-components';
import type { DayPartition } from '../../../domain/time-range';
import type { SqlQuery } from '../../query-engine';
import { dedupedContactsCte } from '../contacts.sql';
import { partitionPredicate } from '../partitions.sql';
import { raw, sql, timestampOf, type Dialect, type SqlFragment } from '../sql-fragment';
import {
  bucketedContactFacts,
  componentSelect,
  CONTACT_DIMENSIONS,
  sumWhen,
  thresholdPredicate,
  type MetricQueryCommon,
} from './metric-sql';

/** The timestamp that puts a contact in an interval. */
export type CtrAttribution = 'CONTACT_INITIATION' | 'QUEUE_ENQUEUE' | 'AGENT_CONNECTED';

/** The contacts column of each attribution. */
export const CTR_ATTRIBUTION_COLUMNS: Readonly<Record<CtrAttribution, string>> = {
  CONTACT_INITIATION: 'initiation_timestamp',
  QUEUE_ENQUEUE: 'queue_enqueue_timestamp',
  AGENT_CONNECTED: 'agent_connected_to_agent_timestamp',
};

/** A contact-record metrics query. */
export interface CtrMetricsQueryRequest extends MetricQueryCommon<CtrComponent> {
  readonly attribution: CtrAttribution;
  /** CTR partitions to read: the range, one day earlier when attributed to a later timestamp. */
  readonly contactPartitions: readonly DayPartition[];
}

/** Predicates on one de-duplicated contact (columns of `dedupedContactsCte`). */
const QUEUED = 'queue_enqueue_timestamp IS NOT NULL';
const HANDLED = 'agent_connected_to_agent_timestamp IS NOT NULL';
/**
 * Abandoned: queued and never connected to an agent, not continued as another contact (the original
 * of a queued callback, a transfer out of the queue) and not EXPIRED (a task or callback that
 * waited too long was not disconnected by the customer).
 */
const ABANDONED = `${QUEUED} AND agent_connected_to_agent_timestamp IS NULL AND agent_arn IS NULL AND next_contact_id IS NULL AND coalesce(disconnect_reason, '') <> 'EXPIRED'`;
const ANSWERED_FROM_QUEUE = `${QUEUED} AND ${HANDLED}`;

const zeroIfNull = (column: string): SqlFragment => raw(`coalesce(${column}, 0)`);

/** The aggregate of one component over de-duplicated contact rows (the `facts` of a metrics query, or a rollup's contacts). */
export function ctrAggregate(dialect: Dialect, component: ComponentRequest<CtrComponent>): SqlFragment {
  const handled = raw(HANDLED);
  switch (component.name) {
    case 'contacts':
      return raw('count(*)');
    case 'queued':
      return sumWhen(raw(QUEUED));
    case 'handled':
      return sumWhen(handled);
    case 'abandoned':
      return sumWhen(raw(ABANDONED));
    case 'answered_from_queue':
      return sumWhen(raw(ANSWERED_FROM_QUEUE));
    case 'queue_time_answered_sum':
      return sumWhen(raw(ANSWERED_FROM_QUEUE), zeroIfNull('queue_duration'));
    case 'queue_time_abandoned_sum':
      return sumWhen(raw(ABANDONED), zeroIfNull('queue_duration'));
    case 'queue_time_max':
      return raw(`max(CASE WHEN ${QUEUED} THEN queue_duration END)`);
    case 'handle_time_sum':
      return sumWhen(
        handled,
        raw('coalesce(agent_interaction_duration, 0) + coalesce(agent_customer_hold_duration, 0) + coalesce(agent_after_contact_work_duration, 0)'),
      );
    case 'interaction_time_sum':
      return sumWhen(handled, zeroIfNull('agent_interaction_duration'));
    case 'hold_time_sum':
      return sumWhen(handled, zeroIfNull('agent_customer_hold_duration'));
    case 'after_contact_work_time_sum':
      return sumWhen(handled, zeroIfNull('agent_after_contact_work_duration'));
    case 'holds_sum':
      return sumWhen(handled, zeroIfNull('agent_number_of_holds'));
    case 'put_on_hold':
      return sumWhen(raw(`${HANDLED} AND coalesce(agent_number_of_holds, 0) > 0`));
    case 'transferred_out':
      return sumWhen(raw(`${HANDLED} AND (next_contact_id IS NOT NULL OR transfer_completed_timestamp IS NOT NULL OR transferred_to_endpoint_address IS NOT NULL)`));
    case 'transferred_out_external':
      return sumWhen(raw(`${HANDLED} AND (transfer_completed_timestamp IS NOT NULL OR transferred_to_endpoint_address IS NOT NULL)`));
    case 'disconnected':
      return sumWhen(raw('disconnect_timestamp IS NOT NULL'));
    case 'contact_duration_sum':
      return sumWhen(
        raw('disconnect_timestamp IS NOT NULL'),
        sql`date_diff('second', ${timestampOf(dialect, 'initiation_timestamp')}, ${timestampOf(dialect, 'disconnect_timestamp')})`,
      );
    case 'removed_from_queue_in_x':
      return sumWhen(sql`${raw(QUEUED)} AND ${thresholdPredicate('queue_duration', component.threshold)}`);
    case 'answered_in_x':
      return sumWhen(sql`${raw(ANSWERED_FROM_QUEUE)} AND ${thresholdPredicate('queue_duration', component.threshold)}`);
    case 'abandoned_in_x':
      return sumWhen(sql`${raw(ABANDONED)} AND ${thresholdPredicate('queue_duration', component.threshold)}`);
  }
}

/**
 * Contact-record metrics per interval and dimensions: the de-duplicated contacts (latest delivery per
 * ContactId) of the partitions, each put in the bucket that holds its attribution timestamp, filtered,
 * grouped, aggregated into the requested components (`c0` …).
 */
export function ctrMetricsQuery(request: CtrMetricsQueryRequest): SqlQuery {
  const { dialect } = request;
  const at = timestampOf(dialect, CTR_ATTRIBUTION_COLUMNS[request.attribution]);
  const q = sql`WITH ${dedupedContactsCte(dialect, request.scope, partitionPredicate(request.contactPartitions))},
${bucketedContactFacts({ ...request, dimensions: CONTACT_DIMENSIONS, at, factsAlias: 'c', aggregates: componentSelect(request.components, (c) => ctrAggregate(dialect, c)) })}`;
  return { id: `metrics_ctr_${request.attribution.toLowerCase()}`, sql: q.text, params: q.params, freshness: request.freshness };
}
