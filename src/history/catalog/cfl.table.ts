import { t } from './column-type';
import type { TableDefinition } from './table-definition';

/**
 * `connect_cfl`: contact flow log rows as the sample's CloudWatch-to-Firehose transform writes them:
 * the CloudWatch ingestion time, the log event id, and the flow log record (PascalCase JSON) in
 * `message`. Partitioned by arrival time, not by the flow step's own Timestamp.
 */
export const cflTable: TableDefinition = {
  name: 'connect_cfl',
  folder: 'cfl',
  description: 'Contact flow log steps: module type, parameters and results per contact.',
  partitionTimestamp: 'timestamp',
  columns: [
    { name: 'timestamp', type: t.string },
    { name: 'eventid', type: t.string },
    { name: 'message', type: t.json },
  ],
};
