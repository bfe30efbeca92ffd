import { catalog, ctrRollupTable } from '../../../../src/history/catalog';
import { glueFlatTableResource, glueTablesTemplate } from '../../../../src/history/catalog/glue-resources';

/** The parts of a generated Glue table resource the tests read. */
interface GlueTable {
  Properties: {
    TableInput: {
      Name: string;
      Parameters: Record<string, unknown>;
      PartitionKeys: unknown[];
      StorageDescriptor: { Location: unknown; SerdeInfo: { SerializationLibrary: string }; Columns: { Name: string; Type: string }[] };
    };
  };
}

describe('Glue table of the CTR rollup (generated from the catalog)', () => {
  const resource = glueFlatTableResource(ctrRollupTable) as unknown as GlueTable;
  const input = resource.Properties.TableInput;

  it('is a Parquet table at rollups/ctr/ in the data bucket, every catalog column with its Hive type', () => {
    expect(input.Name).toBe('connect_ctr_rollup15');
    expect(input.StorageDescriptor.Location).toEqual({ 'Fn::Sub': 's3://${DataBucketName}/rollups/ctr/' });
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    expect(input.StorageDescriptor.Columns.map((c) => c.Name)).toEqual(ctrRollupTable.columns.map((c) => c.name));
    expect(input.StorageDescriptor.Columns.find((c) => c.Name === 'bucket_start_epoch_seconds')).toEqual({ Name: 'bucket_start_epoch_seconds', Type: 'bigint' });
  });

  it('has the year/month/day partition keys and the same partition projection as the source tables', () => {
    const ctr = glueTablesTemplate(catalog).GlueTableConnectCtr as GlueTable;
    expect(input.PartitionKeys).toEqual(ctr.Properties.TableInput.PartitionKeys);
    const projection = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter(([k]) => k.startsWith('projection.')));
    expect(projection(input.Parameters)).toEqual(projection(ctr.Properties.TableInput.Parameters));
    expect(input.Parameters['storage.location.template']).toEqual({ 'Fn::Sub': 's3://${DataBucketName}/rollups/ctr/year=${!year}/month=${!month}/day=${!day}' });
  });
});
