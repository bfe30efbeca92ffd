import { isClosedPartitionDay } from '../../../../src/domain/metrics/metric-rollup';
import type { SourceFolder } from '../../../../src/history/catalog';
import { closedDaysVersionOf } from '../../../../src/history/files/partition-days';
import type { SourceFiles } from '../../../../src/history/files/partition-file-index';

const list = (...json: string[]): SourceFiles => ({ json, jsonGzip: [], parquet: [] });
const NOW = Date.parse('2026-11-24T10:00:00Z'); // closed: partitions up to 2026-11-22

describe('closedDaysVersionOf', () => {
  function setup(initial: Partial<Record<SourceFolder, SourceFiles>>) {
    const snapshot: Partial<Record<SourceFolder, SourceFiles>> = { ...initial };
    let now = NOW;
    const version = closedDaysVersionOf((s) => snapshot[s] ?? list(), ['ctr', 'ae'], isClosedPartitionDay, () => now);
    return { snapshot, version, setNow: (ms: number) => (now = ms) };
  }
  const closedFile = '/d/ctr/year=2026/month=11/day=21/a';
  const todayFile = '/d/ctr/year=2026/month=11/day=24/b';

  it('changes when a file lands in a closed day, not when today grows', () => {
    const { snapshot, version } = setup({ ctr: list(closedFile, todayFile) });
    const v1 = version();
    expect(version()).toBe(v1);
    snapshot.ctr = list(closedFile, todayFile, '/d/ctr/year=2026/month=11/day=24/c');
    expect(version()).toBe(v1);
    snapshot.ctr = list(closedFile, '/d/ctr/year=2026/month=11/day=21/late-redelivery', todayFile);
    expect(version()).not.toBe(v1);
  });

  it('counts every source, and changes when another day becomes closed', () => {
    const { snapshot, version, setNow } = setup({ ctr: list(closedFile), ae: list('/d/ae/year=2026/month=11/day=23/x') });
    const v1 = version();
    snapshot.ae = list('/d/ae/year=2026/month=11/day=23/x', '/d/ae/year=2026/month=11/day=20/late');
    const v2 = version();
    expect(v2).not.toBe(v1);
    setNow(Date.parse('2026-11-25T00:30:00Z')); // 2026-11-23 is closed now
    expect(version()).not.toBe(v2);
  });
});
