export { t, toDuckDbType, toGlueType } from './column-type';
export type { ColumnType, Field } from './column-type';
export { PARTITION_KEYS } from './table-definition';
export type { SourceFolder, TableDefinition } from './table-definition';
export { aeTable } from './ae.table';
export { cflTable } from './cfl.table';
export { clTable } from './cl.table';
export { ctrTable } from './ctr.table';
export { efTable } from './ef.table';

import { aeTable } from './ae.table';
import { cflTable } from './cfl.table';
import { clTable } from './cl.table';
import { ctrTable } from './ctr.table';
import { efTable } from './ef.table';
import type { TableDefinition } from './table-definition';

/** Every table the engines know, in the order of the data layout. The single source of truth for columns and partitioning. */
export const catalog: readonly TableDefinition[] = [ctrTable, aeTable, cflTable, clTable, efTable];

export type { FlatColumnType, FlatField, FlatTableDefinition } from './flat-table-definition';
export { ctrRollupTable, ROLLUP_ATTRIBUTION_COLUMN, ROLLUP_BUCKET_COLUMN, ROLLUP_DIMENSION_COLUMNS } from './ctr-rollup15.table';

import { ctrRollupTable } from './ctr-rollup15.table';
import type { FlatTableDefinition } from './flat-table-definition';

/** The tables the service writes itself (rollups); the engines read them like the record tables. */
export const rollupCatalog: readonly FlatTableDefinition[] = [ctrRollupTable];
