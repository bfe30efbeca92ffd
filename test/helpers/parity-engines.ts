import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaEngine } from '../../src/history/athena.engine';
import { DuckDbEngine } from '../../src/history/duckdb.engine';
import { startAthenaLocalEndpoint, type AthenaLocalEndpoint } from './athena-local-endpoint';

/** The two engines of a parity suite over one data folder, and the local endpoint behind Athena. */
export interface ParityEngines {
  readonly duckdb: DuckDbEngine;
  /** The real Athena engine and SDK client, talking to `local`. */
  readonly athena: AthenaEngine;
  readonly local: AthenaLocalEndpoint;
  close(): Promise<void>;
}

/**
 * Starts DuckDB over `dataDir` and the Athena engine against a local Athena-protocol endpoint that
 * executes the statements on the same files (fast polling, no result reuse), for suites that
 * check both engines give equal answers.
 */
export async function startParityEngines(dataDir: string): Promise<ParityEngines> {
  const duckdb = await DuckDbEngine.create({ dataDir, threads: 2 });
  const local = await startAthenaLocalEndpoint({ dataDir });
  const athena = new AthenaEngine({
    client: new AthenaClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, endpoint: local.endpoint }),
    database: 'connect_analytics',
    workgroup: 'primary',
    outputLocation: 's3://local-results/athena/',
    pollInitialMs: 2,
    pollMaxMs: 10,
    resultReuseMinutes: 0,
  });
  return {
    duckdb,
    athena,
    local,
    close: async () => {
      await athena.close();
      await duckdb.close();
      await local.close();
    },
  };
}
