import { ConfigError, loadConfig } from '../../../src/config/env';

describe('loadConfig: bounded lookups (CONTACT_LOOKUP_MAX_DAYS, DIRECTORY_LOOKBACK_DAYS)', () => {
  it('reads 7 days for a contact lookup without a hint by default, and takes 1 to 366', () => {
    expect(loadConfig({}).server.contactLookupMaxDays).toBe(7);
    expect(loadConfig({ CONTACT_LOOKUP_MAX_DAYS: '30' }).server.contactLookupMaxDays).toBe(30);
    for (const bad of ['0', '367', 'all']) {
      expect(() => loadConfig({ CONTACT_LOOKUP_MAX_DAYS: bad })).toThrow(ConfigError);
    }
  });

  it('never lets the directory read unbounded history: 0 means MAX_RANGE_DAYS, and no look-back exceeds it', () => {
    expect(loadConfig({}).server.directoryLookbackDays).toBe(35);
    expect(loadConfig({ DIRECTORY_LOOKBACK_DAYS: '0' }).server.directoryLookbackDays).toBe(400);
    expect(loadConfig({ DIRECTORY_LOOKBACK_DAYS: '0', MAX_RANGE_DAYS: '90' }).server.directoryLookbackDays).toBe(90);
    expect(loadConfig({ DIRECTORY_LOOKBACK_DAYS: '35', MAX_RANGE_DAYS: '30' }).server.directoryLookbackDays).toBe(30);
    expect(loadConfig({ DIRECTORY_LOOKBACK_DAYS: '14' }).server.directoryLookbackDays).toBe(14);
  });
});
