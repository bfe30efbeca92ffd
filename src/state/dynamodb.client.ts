import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { agentStateTableDefinition } from './agent-state.table';

/** How to reach DynamoDB. */
export interface DynamoDbOptions {
  readonly region: string;
  /** An explicit endpoint (dynalite, DynamoDB Local); absent for AWS. */
  readonly endpoint?: string;
  /** Use fixed dummy credentials (the embedded dynalite accepts any). */
  readonly localCredentials?: boolean;
}

/** Creates the real DynamoDB client for AWS or for a local endpoint. */
export function createDynamoDbClient(options: DynamoDbOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.localCredentials ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    maxAttempts: 3,
  });
}

/** Creates the agent-state table if it does not exist and waits until it is active. Idempotent. */
export async function ensureAgentStateTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(new CreateTableCommand(agentStateTableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  return 'created';
}

/** Resolves when the table is reachable and active (readiness). */
export async function pingTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (out.Table?.TableStatus !== 'ACTIVE') throw new Error(`table ${tableName} is ${out.Table?.TableStatus ?? 'unknown'}`);
}
