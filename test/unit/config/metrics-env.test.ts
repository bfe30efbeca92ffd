import { ConfigError, loadConfig } from '../../../src/config/env';

describe('metrics range limits in the configuration', () => {
  it('defaults to GetMetricDataV2 limits: 3 days intraday, 35 days otherwise', () => {
    const config = loadConfig({});
    expect(config.server.maxMetricsRangeDaysIntraday).toBe(3);
    expect(config.server.maxMetricsRangeDays).toBe(35);
  });

  it('reads MAX_METRICS_RANGE_DAYS_INTRADAY and MAX_METRICS_RANGE_DAYS', () => {
    const config = loadConfig({ MAX_METRICS_RANGE_DAYS_INTRADAY: '7', MAX_METRICS_RANGE_DAYS: '92' });
    expect(config.server).toMatchObject({ maxMetricsRangeDaysIntraday: 7, maxMetricsRangeDays: 92 });
  });

  it('lists invalid values', () => {
    expect(() => loadConfig({ MAX_METRICS_RANGE_DAYS_INTRADAY: '0', MAX_METRICS_RANGE_DAYS: 'many' })).toThrow(ConfigError);
    try {
      loadConfig({ MAX_METRICS_RANGE_DAYS_INTRADAY: '0', MAX_METRICS_RANGE_DAYS: 'many' });
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('MAX_METRICS_RANGE_DAYS_INTRADAY');
      expect(problems).toContain('MAX_METRICS_RANGE_DAYS:');
    }
  });
});
