import { toGlueType } from './column-type';
import type { FlatTableDefinition } from './flat-table-definition';
import { PARTITION_KEYS, type TableDefinition } from './table-definition';

/** CloudFormation logical id of a table's Glue resource, e.g. `GlueTableConnectCtr`. */
export function glueLogicalId(table: TableDefinition): string {
  return `GlueTable${table.name.split('_').map((p) => p[0].toUpperCase() + p.slice(1)).join('')}`;
}

/** CloudFormation logical id of a flat (rollup) table's Glue resource, e.g. `GlueTableConnectCtrRollup15`. */
export function glueFlatLogicalId(table: FlatTableDefinition): string {
  return `GlueTable${table.name.split('_').map((p) => p[0].toUpperCase() + p.slice(1)).join('')}`;
}

/** CloudFormation parameter naming the S3 prefix of a source folder, e.g. `CtrPrefix`. */
export function prefixParameter(table: TableDefinition): string {
  return `${table.folder[0].toUpperCase()}${table.folder.slice(1)}Prefix`;
}

/** First year partition projection accepts (Amazon Connect launched in 2017). */
export const PROJECTION_FIRST_YEAR = 2017;
/** Last year partition projection accepts. */
export const PROJECTION_LAST_YEAR = 2099;

/**
 * The `AWS::Glue::Table` resource of a catalog table: lower-cased columns with their Hive types,
 * `year/month/day` integer partition keys with **partition projection** (no crawler, no daily
 * partition job: new days are queryable as soon as Firehose writes them), the OpenX JSON SerDe
 * (case-insensitive keys, malformed lines read as nulls instead of failing the query).
 * The location comes from the stack parameters `DataBucketName` and `<Source>Prefix`.
 */
export function glueTableResource(table: TableDefinition): Record<string, unknown> {
  const location = { 'Fn::Sub': `s3://\${DataBucketName}/\${${prefixParameter(table)}}` };
  const template = { 'Fn::Sub': `s3://\${DataBucketName}/\${${prefixParameter(table)}}year=\${!year}/month=\${!month}/day=\${!day}` };
  return {
    Type: 'AWS::Glue::Table',
    Properties: {
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseName: { Ref: 'GlueDatabase' },
      TableInput: {
        Name: table.name,
        Description: table.description,
        TableType: 'EXTERNAL_TABLE',
        Parameters: { classification: 'json', ...projectionParameters(template) },
        PartitionKeys: PARTITION_KEYS.map((k) => ({ Name: k, Type: 'int' })),
        StorageDescriptor: {
          Location: location,
          InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          SerdeInfo: {
            SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
            Parameters: { 'serialization.format': '1', 'case.insensitive': 'true', 'ignore.malformed.json': 'true' },
          },
          Columns: table.columns.map((c) => ({ Name: c.name.toLowerCase(), Type: toGlueType(c.type) })),
        },
      },
    },
  };
}

/** Partition projection over `year/month/day` (the same for every table), with the S3 template of a partition. */
function projectionParameters(template: unknown): Record<string, unknown> {
  return {
    'projection.enabled': 'true',
    'projection.year.type': 'integer',
    'projection.year.range': `${PROJECTION_FIRST_YEAR},${PROJECTION_LAST_YEAR}`,
    'projection.month.type': 'integer',
    'projection.month.range': '1,12',
    'projection.month.digits': '2',
    'projection.day.type': 'integer',
    'projection.day.range': '1,31',
    'projection.day.digits': '2',
    'storage.location.template': template,
  };
}

/**
 * The `AWS::Glue::Table` resource of a flat table the service writes (a rollup): its columns with
 * their Hive types (names as they are: already snake_case), the same `year/month/day` partition keys
 * and partition projection as the source tables, Parquet storage. The location is the table's folder
 * in the data bucket (`s3://<DataBucketName>/rollups/ctr/`): the rollup job writes one day's objects
 * under `year=YYYY/month=MM/day=DD/` there, which projection finds without registering partitions.
 */
export function glueFlatTableResource(table: FlatTableDefinition): Record<string, unknown> {
  const location = { 'Fn::Sub': `s3://\${DataBucketName}/${table.folder}/` };
  const template = { 'Fn::Sub': `s3://\${DataBucketName}/${table.folder}/year=\${!year}/month=\${!month}/day=\${!day}` };
  return {
    Type: 'AWS::Glue::Table',
    Properties: {
      CatalogId: { Ref: 'AWS::AccountId' },
      DatabaseName: { Ref: 'GlueDatabase' },
      TableInput: {
        Name: table.name,
        Description: table.description,
        TableType: 'EXTERNAL_TABLE',
        Parameters: { classification: 'parquet', 'parquet.compression': 'SNAPPY', ...projectionParameters(template) },
        PartitionKeys: PARTITION_KEYS.map((k) => ({ Name: k, Type: 'int' })),
        StorageDescriptor: {
          Location: location,
          InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
          Columns: table.columns.map((c) => ({ Name: c.name, Type: toGlueType(c.type) })),
        },
      },
    },
  };
}

/**
 * The CloudFormation `Resources` fragment for every table, keyed by logical id (written to
 * `infra/glue-tables.json`): the source tables, then the flat (rollup) tables.
 */
export function glueTablesTemplate(tables: readonly TableDefinition[], flatTables: readonly FlatTableDefinition[] = []): Record<string, unknown> {
  return Object.fromEntries([
    ...tables.map((table) => [glueLogicalId(table), glueTableResource(table)]),
    ...flatTables.map((table) => [glueFlatLogicalId(table), glueFlatTableResource(table)]),
  ]);
}
