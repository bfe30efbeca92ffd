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
