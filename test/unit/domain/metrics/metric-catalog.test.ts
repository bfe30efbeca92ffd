import {
  AE_COMPONENTS,
  CL_COMPONENTS,
  CTR_COMPONENTS,
  CTR_THRESHOLD_COMPONENTS,
  EF_COMPONENTS,
  type ComponentName,
} from '../../../../src/domain/metrics/metric-components';
import { ATTRIBUTION_RULES, findMetric, METRIC_CATALOG, METRIC_NAMES } from '../../../../src/domain/metrics/metric-catalog';
import { formulaComponents } from '../../../../src/domain/metrics/metric-formula';
import { GROUPING_KEYS, METRIC_SOURCES, METRIC_UNITS, type MetricSource } from '../../../../src/domain/metrics/metric-types';

/** GetMetricDataV2 metric names (botocore service model, as listed in shared/reference/anchors.md §2.1) that the catalog may claim. */
const GET_METRIC_DATA_V2_NAMES = new Set([
  'ABANDONMENT_RATE', 'AGENT_NON_RESPONSE', 'AGENT_OCCUPANCY', 'AVG_ABANDON_TIME', 'AVG_AFTER_CONTACT_WORK_TIME', 'AVG_CONTACT_DURATION',
  'AVG_HANDLE_TIME', 'AVG_HOLD_TIME', 'AVG_HOLD_TIME_ALL_CONTACTS', 'AVG_HOLDS', 'AVG_INTERACTION_AND_HOLD_TIME', 'AVG_INTERACTION_TIME',
  'AVG_NON_TALK_TIME', 'AVG_QUEUE_ANSWER_TIME', 'AVG_TALK_TIME', 'AVG_TALK_TIME_AGENT', 'AVG_TALK_TIME_CUSTOMER', 'AVG_EVALUATION_SCORE',
  'CONTACTS_ABANDONED', 'CONTACTS_CREATED', 'CONTACTS_HANDLED', 'CONTACTS_HANDLED_BY_CONNECTED_TO_AGENT', 'CONTACTS_PUT_ON_HOLD',
  'CONTACTS_QUEUED', 'CONTACTS_QUEUED_BY_ENQUEUE', 'CONTACTS_REMOVED_FROM_QUEUE_IN_X', 'CONTACTS_TRANSFERRED_OUT',
  'CONTACTS_TRANSFERRED_OUT_EXTERNAL', 'EVALUATIONS_PERFORMED', 'MAX_QUEUED_TIME', 'PERCENT_NON_TALK_TIME', 'PERCENT_TALK_TIME',
  'PERCENT_TALK_TIME_AGENT', 'PERCENT_TALK_TIME_CUSTOMER', 'SERVICE_LEVEL', 'SUM_AFTER_CONTACT_WORK_TIME', 'SUM_CONNECTING_TIME_AGENT',
  'SUM_CONTACT_TIME_AGENT', 'SUM_CONTACTS_ABANDONED_IN_X', 'SUM_CONTACTS_ANSWERED_IN_X', 'SUM_CONTACTS_DISCONNECTED',
  'SUM_ERROR_STATUS_TIME_AGENT', 'SUM_HANDLE_TIME', 'SUM_HOLD_TIME', 'SUM_IDLE_TIME_AGENT', 'SUM_INTERACTION_AND_HOLD_TIME',
  'SUM_INTERACTION_TIME', 'SUM_NON_PRODUCTIVE_TIME_AGENT', 'SUM_ONLINE_TIME_AGENT',
]);

const COMPONENTS: Record<MetricSource, readonly string[]> = { ctr: CTR_COMPONENTS, ae: AE_COMPONENTS, cl: CL_COMPONENTS, ef: EF_COMPONENTS };

describe('metric catalog', () => {
  it('has at least 30 metrics with unique names', () => {
    expect(METRIC_CATALOG.length).toBeGreaterThanOrEqual(30);
    expect(new Set(METRIC_NAMES).size).toBe(METRIC_NAMES.length);
  });

  it('covers every data source the history holds', () => {
    for (const source of METRIC_SOURCES) expect(METRIC_CATALOG.filter((m) => m.source === source).length).toBeGreaterThanOrEqual(2);
  });

  it.each(METRIC_CATALOG.map((m) => [m.name, m] as const))('%s has a definition, unit, source, groupings and its attribution rule', (_name, m) => {
    expect(m.name).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(m.title.length).toBeGreaterThan(3);
    expect(m.description.length).toBeGreaterThan(60);
    expect(m.description).toContain(ATTRIBUTION_RULES[m.attribution]);
    expect(METRIC_UNITS).toContain(m.unit);
    expect(METRIC_SOURCES).toContain(m.source);
    expect(m.allowedGroupings.length).toBeGreaterThan(0);
    for (const key of m.allowedGroupings) expect(GROUPING_KEYS).toContain(key);
    expect(new Set(m.allowedGroupings).size).toBe(m.allowedGroupings.length);
  });

  it('uses GetMetricDataV2 names for Connect metrics and says when a metric is ours', () => {
    for (const m of METRIC_CATALOG) {
      if (m.connectMetric) expect(GET_METRIC_DATA_V2_NAMES).toContain(m.name);
      else {
        expect(GET_METRIC_DATA_V2_NAMES).not.toContain(m.name);
        expect(m.description).toContain('Ours: GetMetricDataV2 has no such metric.');
      }
    }
  });

  it('computes every metric from components of its own source', () => {
    for (const m of METRIC_CATALOG) {
      const components = formulaComponents(m.formula);
      expect(components.length).toBeGreaterThan(0);
      for (const c of components) expect(COMPONENTS[m.source]).toContain(c);
    }
  });

  it('requires thresholds exactly for metrics that read a threshold component', () => {
    for (const m of METRIC_CATALOG) {
      const readsThreshold = formulaComponents(m.formula).some((c) => (CTR_THRESHOLD_COMPONENTS as readonly ComponentName[]).includes(c));
      expect([m.name, m.thresholds === 'required']).toEqual([m.name, readsThreshold]);
    }
    expect(METRIC_CATALOG.filter((m) => m.thresholds === 'required').map((m) => m.name).sort()).toEqual([
      'CONTACTS_REMOVED_FROM_QUEUE_IN_X',
      'SERVICE_LEVEL',
      'SUM_CONTACTS_ABANDONED_IN_X',
      'SUM_CONTACTS_ANSWERED_IN_X',
    ]);
  });

  it('keeps GetMetricDataV2 grouping restrictions: agent activity by agent, routing profile or hierarchy only', () => {
    for (const m of METRIC_CATALOG.filter((x) => x.source === 'ae')) {
      expect(m.allowedGroupings).not.toContain('QUEUE');
      expect(m.allowedGroupings).not.toContain('CHANNEL');
      expect(m.allowedGroupings).toEqual(expect.arrayContaining(['AGENT', 'ROUTING_PROFILE', 'AGENT_HIERARCHY_LEVEL_ONE']));
    }
    for (const name of ['SERVICE_LEVEL', 'AVG_QUEUE_ANSWER_TIME', 'SUM_CONTACTS_ANSWERED_IN_X', 'SUM_CONTACTS_ABANDONED_IN_X']) {
      expect(findMetric(name)?.allowedGroupings).not.toContain('AGENT');
    }
    for (const m of METRIC_CATALOG) expect(m.allowedGroupings.includes('EVALUATION_FORM')).toBe(m.source === 'ef');
  });

  it('holds the metrics users ask for', () => {
    for (const name of [
      'CONTACTS_HANDLED', 'CONTACTS_ABANDONED', 'AVG_HANDLE_TIME', 'AVG_QUEUE_ANSWER_TIME', 'AVG_ABANDON_TIME', 'AVG_HOLD_TIME',
      'AVG_AFTER_CONTACT_WORK_TIME', 'AVG_INTERACTION_TIME', 'SERVICE_LEVEL', 'SUM_CONTACTS_ANSWERED_IN_X', 'SUM_CONTACTS_ABANDONED_IN_X',
      'CONTACTS_QUEUED', 'CONTACTS_CREATED', 'CONTACTS_TRANSFERRED_OUT', 'CONTACTS_PUT_ON_HOLD', 'AVG_HOLDS', 'MAX_QUEUED_TIME',
      'ABANDONMENT_RATE', 'SUM_ONLINE_TIME_AGENT', 'SUM_IDLE_TIME_AGENT', 'SUM_NON_PRODUCTIVE_TIME_AGENT', 'SUM_CONTACT_TIME_AGENT',
      'AGENT_OCCUPANCY', 'AGENT_NON_RESPONSE', 'AVG_SENTIMENT_CUSTOMER', 'AVG_SENTIMENT_AGENT', 'AVG_TALK_TIME', 'AVG_NON_TALK_TIME',
      'AVG_INTERRUPTIONS', 'AVG_EVALUATION_SCORE', 'EVALUATIONS_PERFORMED',
    ]) {
      expect(findMetric(name)).toBeDefined();
    }
    expect(findMetric('NO_SUCH_METRIC')).toBeUndefined();
  });
});
