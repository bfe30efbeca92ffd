import { groupingColumnName, metricColumnName, metricsTable, snakeCase, type MetricsTableSource } from '../../../../src/domain/metrics/metric-table';

describe('metric table column names', () => {
  it('puts the threshold and the seconds unit in the name, as the issue lists them', () => {
    expect(metricColumnName({ name: 'SERVICE_LEVEL', unit: 'PERCENT', threshold: { comparison: 'LT', seconds: 20 } })).toBe('service_level_lt_20s');
    expect(metricColumnName({ name: 'SERVICE_LEVEL', unit: 'PERCENT', threshold: { comparison: 'LTE', seconds: 60 } })).toBe('service_level_lte_60s');
    expect(metricColumnName({ name: 'AVG_HANDLE_TIME', unit: 'SECONDS', threshold: null })).toBe('avg_handle_time_seconds');
    expect(metricColumnName({ name: 'CONTACTS_HANDLED', unit: 'COUNT', threshold: null })).toBe('contacts_handled');
    expect(metricColumnName({ name: 'SUM_CONTACTS_ANSWERED_IN_X', unit: 'COUNT', threshold: { comparison: 'LT', seconds: 30 } })).toBe('sum_contacts_answered_in_lt_30s');
  });

  it('names groupings by key, and contact attributes by their name in snake_case', () => {
    expect(groupingColumnName({ key: 'QUEUE' })).toBe('queue');
    expect(groupingColumnName({ key: 'AGENT_HIERARCHY_LEVEL_TWO' })).toBe('agent_hierarchy_level_two');
    expect(groupingColumnName({ key: 'CONTACT_ATTRIBUTE', attributeKey: 'CallReason' })).toBe('contact_attribute_call_reason');
    expect(snakeCase('customer.tier')).toBe('customer_tier');
    expect(snakeCase('NPS Score')).toBe('nps_score');
    expect(snakeCase('HTTPStatus')).toBe('http_status');
    expect(snakeCase('…')).toBe('value');
  });
});

describe('metricsTable', () => {
  const source: MetricsTableSource = {
    groupings: [{ key: 'QUEUE' }, { key: 'CONTACT_ATTRIBUTE', attributeKey: 'call-reason' }, { key: 'CONTACT_ATTRIBUTE', attributeKey: 'call_reason' }],
    metrics: [
      { name: 'CONTACTS_HANDLED', unit: 'COUNT', threshold: null },
      { name: 'SERVICE_LEVEL', unit: 'PERCENT', threshold: { comparison: 'LT', seconds: 20 } },
      { name: 'AVG_HANDLE_TIME', unit: 'SECONDS', threshold: null },
    ],
    rows: [
      {
        intervalStart: new Date('2026-11-19T05:00:00Z'),
        intervalEnd: new Date('2026-11-20T05:00:00Z'),
        intervalStartLocal: '2026-11-19T00:00:00-05:00',
        dimensions: [{ value: 'Sales' }, { value: null }, { value: 'Billing' }],
        metrics: [{ value: 12 }, { value: 83.3 }, { value: null }],
      },
    ],
  };

  it('gives one flat object per row with every column, in column order', () => {
    const table = metricsTable(source);
    expect(table.columns.map((c) => c.name)).toEqual([
      'interval_start',
      'interval_end',
      'interval_start_local',
      'queue',
      'contact_attribute_call_reason',
      'contact_attribute_call_reason_2',
      'contacts_handled',
      'service_level_lt_20s',
      'avg_handle_time_seconds',
    ]);
    expect(table.columns.map((c) => c.kind)).toEqual(['TIME', 'TIME', 'TIME', 'TEXT', 'TEXT', 'TEXT', 'NUMBER', 'NUMBER', 'NUMBER']);
    expect(table.columns.slice(6).map((c) => c.unit)).toEqual(['COUNT', 'PERCENT', 'SECONDS']);
    expect(table.rows).toEqual([
      {
        interval_start: '2026-11-19T05:00:00.000Z',
        interval_end: '2026-11-20T05:00:00.000Z',
        interval_start_local: '2026-11-19T00:00:00-05:00',
        queue: 'Sales',
        contact_attribute_call_reason: null,
        contact_attribute_call_reason_2: 'Billing',
        contacts_handled: 12,
        service_level_lt_20s: 83.3,
        avg_handle_time_seconds: null,
      },
    ]);
    expect(Object.keys(table.rows[0]!)).toEqual(table.columns.map((c) => c.name));
  });

  it('has the same columns when the answer has no row', () => {
    expect(metricsTable({ ...source, rows: [] }).columns).toEqual(metricsTable(source).columns);
  });
});
