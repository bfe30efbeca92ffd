import type { ColumnType, Field } from './column-type';
import type { SourceFolder } from './table-definition';

/** The scalar column types a flat table may have. */
export type FlatColumnType = Extract<ColumnType, { kind: 'string' | 'int' | 'bigint' | 'double' | 'float' | 'boolean' }>;

/** A column of a flat table. */
export interface FlatField extends Field {
  readonly type: FlatColumnType;
  readonly description: string;
}

/**
 * A table the service writes itself (a rollup), unlike the JSON record tables of
 * {@link TableDefinition}: flat scalar columns, snake_case names (the same in Glue, Parquet and
 * DuckDB), Parquet files, hive partitions `year/month/day` named like the partition of the source
 * table they summarise, under `<data root>/<folder>/year=YYYY/month=MM/day=DD/`.
 */
export interface FlatTableDefinition {
  readonly kind: 'flat-parquet';
  /** Glue / SQL name, e.g. `connect_ctr_rollup15`. */
  readonly name: string;
  /** Path under the data root (local folder or S3 prefix), without slashes at either end, e.g. `rollups/ctr`. */
  readonly folder: string;
  readonly description: string;
  /** The source table whose partition day names this table's partition: a partition summarises exactly that source partition. */
  readonly partitionedLike: SourceFolder;
  readonly columns: readonly FlatField[];
}
