import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';

/** The DynamoDB side of a suite that runs a Lambda handler as deployed. */
export interface DeployedLambdaEnvironment {
  /** A client of the suite's dynalite (set in beforeAll). */
  readonly client: DynamoDBClient;
}

/**
 * Runs the current suite's Lambda handlers as deployed: their configuration comes from the process
 * environment (AGENT_STATE_TABLE = `table`, dynalite as AWS_ENDPOINT_URL_DYNAMODB, local credentials,
 * no REDIS_URL), restored after the suite. Registers the suite's beforeAll/afterAll.
 */
export function deployedLambdaEnvironment(table: string): DeployedLambdaEnvironment {
  let dynamo: EmbeddedDynamoDb;
  let client: DynamoDBClient | undefined;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb(0);
    const env: Record<string, string> = { AGENT_STATE_TABLE: table, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', LOG_LEVEL: 'silent', AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint };
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    saved.REDIS_URL = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    client = createDynamoDbClient({ region: 'us-east-1', endpoint: dynamo.endpoint, localCredentials: true });
    await ensureAgentStateTable(client, table);
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    client?.destroy();
    await dynamo?.stop();
  });

  return {
    get client(): DynamoDBClient {
      if (!client) throw new Error('deployedLambdaEnvironment: the client exists once beforeAll has run');
      return client;
    },
  };
}
