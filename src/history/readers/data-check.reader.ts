import {
  AGENT_CONTACT_STATES,
  AGENT_EVENT_TYPES,
  AGENT_STATUS_TYPES,
  CHANNELS,
  DISCONNECT_REASONS,
  INITIATION_METHODS,
} from '../../domain/records/connect-enums';
import type { SourceFolder, TableDefinition } from '../catalog';
import { unfilteredViewName } from '../duckdb-reader';
import type { QueryEngine } from '../query-engine';
import { numberOrZero, stringOrNull } from './cells';

/** One value of a Connect enumeration that is not documented today (quirk 12), and how often it occurs. */
export interface UnknownValue {
  readonly field: string;
  readonly value: string;
  readonly records: number;
}

/** What the records of one source folder hold (the files themselves are counted by the engine's file index). */
export interface SourceRecordsCheck {
  /** Records of this source (rows with the source's partition timestamp). */
  readonly records: number;
  /** Rows without the partition timestamp: records cut off mid-line or of another source's shape. Not read by queries. */
  readonly unreadableOrForeignRecords: number;
  /** Earliest and latest partition timestamp (as written, ISO-8601 UTC). */
  readonly firstTimestamp: string | null;
  readonly lastTimestamp: string | null;
  /** Day partitions holding records, and the first and last of them (`YYYY-MM-DD`). */
  readonly partitions: number;
  readonly firstPartition: string | null;
  readonly lastPartition: string | null;
  /** Records whose `year=/month=/day=` folder is not the UTC day of their partition timestamp. */
  readonly misplacedRecords: number;
  /** CTR only: contacts delivered more than once, and the records beyond one per contact. */
  readonly redeliveries?: { readonly contacts: number; readonly extraRecords: number };
  readonly unknownValues: readonly UnknownValue[];
}

interface EnumCheck {
  readonly field: string;
  /** SQL over the materialised rows yielding one text value per row (or per contact, for lists). */
  readonly sql: string;
  readonly documented: readonly string[];
}

/** The Connect enumerations checked per source, as SQL over the per-source scratch table. */
const ENUM_CHECKS: Readonly<Record<SourceFolder, readonly EnumCheck[]>> = {
  ctr: [
    { field: 'Channel', sql: 'SELECT channel AS v FROM check_rows', documented: CHANNELS },
    { field: 'InitiationMethod', sql: 'SELECT initiation_method AS v FROM check_rows', documented: INITIATION_METHODS },
    { field: 'DisconnectReason', sql: 'SELECT disconnect_reason AS v FROM check_rows', documented: DISCONNECT_REASONS },
  ],
  ae: [
    { field: 'EventType', sql: 'SELECT event_type AS v FROM check_rows', documented: AGENT_EVENT_TYPES },
    { field: 'AgentStatus.Type', sql: 'SELECT status_type AS v FROM check_rows', documented: AGENT_STATUS_TYPES },
    { field: 'Contacts[].State', sql: 'SELECT unnest(list_transform(contacts, c -> c.State)) AS v FROM check_rows', documented: AGENT_CONTACT_STATES },
    { field: 'Contacts[].Channel', sql: 'SELECT unnest(list_transform(contacts, c -> c.Channel)) AS v FROM check_rows', documented: CHANNELS },
    { field: 'Contacts[].InitiationMethod', sql: 'SELECT unnest(list_transform(contacts, c -> c.InitiationMethod)) AS v FROM check_rows', documented: INITIATION_METHODS },
  ],
  cfl: [],
  cl: [{ field: 'channel', sql: 'SELECT channel AS v FROM check_rows', documented: CHANNELS }],
  ef: [],
};

/** Extra columns each source keeps in its scratch table for {@link ENUM_CHECKS} and re-deliveries. */
const EXTRA_COLUMNS: Readonly<Record<SourceFolder, string>> = {
  ctr: '"ContactId" AS contact_id, "Channel" AS channel, "InitiationMethod" AS initiation_method, "DisconnectReason" AS disconnect_reason',
  ae: '"EventType" AS event_type, "CurrentAgentSnapshot"."AgentStatus"."Type" AS status_type, "CurrentAgentSnapshot"."Contacts" AS contacts',
  cfl: 'NULL AS none',
  cl: '"channel" AS channel',
  ef: 'NULL AS none',
};

type Row = Record<string, string | number | null>;

/**
 * Reads what a data folder's records hold for `npm run check-data`, on the embedded (DuckDB) engine:
 * per source one scan of every file (the unfiltered view, all instances: the check examines a whole
 * folder for its operator, not a tenant's data) into a scratch table, then the summary, the enum values
 * Connect does not document, and CTR re-deliveries from it. Queries are not cached nor counted in
 * request stats (there is no request). Query ids are `check_<source>_<step>`.
 */
export class DataCheckReader {
  constructor(private readonly engine: QueryEngine) {}

  /** The records of one source; the scratch table is dropped afterwards, whatever happens. */
  async checkSource(table: TableDefinition): Promise<SourceRecordsCheck> {
    const source = table.folder;
    const ts = `"${table.partitionTimestamp}"`;
    const run = async (id: string, sql: string, params: (string | number)[] = []): Promise<Row[]> =>
      (await this.engine.query<Row>({ id: `check_${source}_${id}`, sql, params })).rows;
    // One scan of the files into a scratch table; every figure below reads it.
    await run(
      'scan',
      `CREATE OR REPLACE TABLE check_rows AS SELECT CAST(${ts} AS VARCHAR) AS ts, year, month, day, ${EXTRA_COLUMNS[source]} FROM ${unfilteredViewName(table)}`,
    );
    try {
      const [summary] = await run(
        'summary',
        `SELECT count(*) FILTER (WHERE ts IS NOT NULL) AS records,
              count(*) FILTER (WHERE ts IS NULL) AS foreign_rows,
              min(ts) AS first_ts, max(ts) AS last_ts,
              count(DISTINCT (year, month, day)) FILTER (WHERE ts IS NOT NULL) AS partitions,
              min(printf('%04d-%02d-%02d', year, month, day)) FILTER (WHERE ts IS NOT NULL) AS first_partition,
              max(printf('%04d-%02d-%02d', year, month, day)) FILTER (WHERE ts IS NOT NULL) AS last_partition,
              count(*) FILTER (WHERE ts IS NOT NULL AND substr(ts, 1, 10) <> printf('%04d-%02d-%02d', year, month, day)) AS misplaced
       FROM check_rows`,
      );
      const unknownValues: UnknownValue[] = [];
      for (const check of ENUM_CHECKS[source]) {
        const placeholders = check.documented.map(() => '?').join(', ');
        const rows = await run(
          'enum',
          `SELECT v AS value, count(*) AS n FROM (${check.sql}) WHERE v IS NOT NULL AND v NOT IN (${placeholders}) GROUP BY v ORDER BY n DESC, v`,
          [...check.documented],
        );
        for (const r of rows) unknownValues.push({ field: check.field, value: String(r.value), records: numberOrZero(r.n) });
      }
      let redeliveries: SourceRecordsCheck['redeliveries'];
      if (source === 'ctr') {
        const [r] = await run(
          'redeliveries',
          'SELECT count(*) AS contacts, coalesce(sum(n - 1), 0) AS extra FROM (SELECT contact_id, count(*) AS n FROM check_rows WHERE ts IS NOT NULL GROUP BY contact_id HAVING count(*) > 1)',
        );
        redeliveries = { contacts: numberOrZero(r.contacts), extraRecords: numberOrZero(r.extra) };
      }
      return {
        records: numberOrZero(summary.records),
        unreadableOrForeignRecords: numberOrZero(summary.foreign_rows),
        firstTimestamp: stringOrNull(summary.first_ts),
        lastTimestamp: stringOrNull(summary.last_ts),
        partitions: numberOrZero(summary.partitions),
        firstPartition: stringOrNull(summary.first_partition),
        lastPartition: stringOrNull(summary.last_partition),
        misplacedRecords: numberOrZero(summary.misplaced),
        ...(redeliveries ? { redeliveries } : {}),
        unknownValues,
      };
    } finally {
      await run('drop', 'DROP TABLE IF EXISTS check_rows');
    }
  }
}
