import fs from 'node:fs';
import path from 'node:path';
import { readRawRecords } from './raw-records';

interface Ctr {
  ContactId: string;
  LastUpdateTimestamp: string;
  [key: string]: unknown;
}

/**
 * Adds messy re-deliveries to every CTR partition of a data folder, in one extra file per
 * partition, as the CTR stream may send them: every `every`-th contact again byte for byte, and an
 * earlier (stale) version of it — a smaller `LastUpdateTimestamp`, still in another queue, without
 * agent and disconnect — that de-duplication must drop. Each copy stays in its contact's partition.
 * @returns the number of records added.
 */
export function addCtrRedeliveries(dataDir: string, every = 7): number {
  const byPartition = new Map<string, Ctr[]>();
  for (const { record, partition } of readRawRecords<Ctr>(dataDir, 'ctr')) {
    const list = byPartition.get(partition) ?? [];
    list.push(record);
    byPartition.set(partition, list);
  }
  let added = 0;
  for (const [partition, records] of byPartition) {
    const [year, month, day] = partition.split('-');
    const lines: string[] = [];
    records.forEach((record, i) => {
      if (i % every !== 0) return;
      lines.push(JSON.stringify(record));
      const stale = {
        ...record,
        LastUpdateTimestamp: new Date(Date.parse(record.LastUpdateTimestamp) - 3_600_000).toISOString(),
        Queue: { ARN: 'arn:aws:connect:us-east-1:111122223333:instance/stale/queue/stale', Name: 'StaleQueue', EnqueueTimestamp: record.LastUpdateTimestamp, Duration: 5 },
        Agent: null,
        DisconnectTimestamp: null,
        Channel: 'CHAT',
      };
      lines.push(JSON.stringify(stale));
    });
    const dir = path.join(dataDir, 'ctr', `year=${year}`, `month=${month}`, `day=${day}`);
    fs.writeFileSync(path.join(dir, 'test-redeliveries'), `${lines.join('\n')}\n`);
    added += lines.length;
  }
  return added;
}
