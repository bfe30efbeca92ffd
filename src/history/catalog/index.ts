export { t, toDuckDbType, toGlueType } from './column-type';
export type { ColumnType, Field } from './column-type';
export { PARTITION_KEYS } from './table-definition';
export type { SourceFolder, TableDefinition } from './table-definition';
export { ctrTable } from './ctr.table';

import { ctrTable } from './ctr.table';
import type { TableDefinition } from './table-definition';

/** Every table the engines know, by SQL name. */
export const catalog: readonly TableDefinition[] = [ctrTable];
