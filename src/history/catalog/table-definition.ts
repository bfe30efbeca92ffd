import type { Field } from './column-type';

/** The source folders of the data layout, one per table. */
export type SourceFolder = 'ctr' | 'ae' | 'cfl' | 'cl' | 'ef';

/** One table of the catalog: the single source of truth for its columns, partitioning and location. */
export interface TableDefinition {
  /** Glue / SQL name, e.g. `connect_ctr`. */
  readonly name: string;
  /** Folder under the data root (`ctr/year=YYYY/month=MM/day=DD/`). */
  readonly folder: SourceFolder;
  readonly description: string;
  /** The record field whose UTC day names the partition a record is written to. */
  readonly partitionTimestamp: string;
  readonly columns: readonly Field[];
}

/** Hive partition keys shared by every table, in path order. */
export const PARTITION_KEYS = ['year', 'month', 'day'] as const;
