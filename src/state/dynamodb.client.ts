import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { AGENT_STATE_TTL_ATTRIBUTE, agentStateTableDefinition } from './agent-state.table';

/** How to reach DynamoDB. */
export interface DynamoDbOptions {
  readonly region: string;
  /** An explicit endpoint (dynalite, DynamoDB Local); absent for AWS. */
  readonly endpoint?: string;
  /** Use fixed dummy credentials (the embedded dynalite accepts any). */
  readonly localCredentials?: boolean;
  /**
   * The SDK's `cacheMiddleware`: each command's middleware stack is resolved once per client, not
   * for every request (an eighth of the agent-event handler's CPU per event, measured by
   * bench/agent-events.bench.ts). The application's clients set it: the repositories call
   * DynamoDB through `DynamoDbItems` (low-level commands). `DynamoDBDocumentClient` refuses such a
   * client, and middleware added to it after its first request is not applied, hence default false.
   */
  readonly cacheMiddleware?: boolean;
}

/**
 * Creates the real DynamoDB client for AWS or for a local endpoint. The client has no `logger`, so
 * the SDK's logger middleware is removed: it would only copy every input and output through the
 * sensitive-field filter for a logger that discards them (~0.02 ms CPU a request, measured on the
 * agent-event write path). Failures still reach the caller as errors.
 */
export function createDynamoDbClient(options: DynamoDbOptions): DynamoDBClient {
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.localCredentials ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    maxAttempts: 3,
    cacheMiddleware: options.cacheMiddleware ?? false,
  });
  client.middlewareStack.remove(SDK_LOGGER_MIDDLEWARE);
  return client;
}

/** The name the SDK gives the middleware that feeds the client's `logger`. */
const SDK_LOGGER_MIDDLEWARE = 'loggerMiddleware';

/** Thrown when the table exists with other keys or indexes than {@link agentStateTableDefinition} (e.g. an older design). */
export class AgentStateTableMismatchError extends Error {
  readonly code = 'TABLE_SCHEMA_MISMATCH';
  constructor(tableName: string, reason: string) {
    super(`DynamoDB table ${tableName} exists but is not the agent-state table this version needs (${reason}). Delete it or set AGENT_STATE_TABLE to another name.`);
    this.name = 'AgentStateTableMismatchError';
  }
}

/** The key schema of the table and of each GSI, as comparable text. */
function keyShape(table: Pick<TableDescription, 'KeySchema' | 'GlobalSecondaryIndexes'>): string {
  const keys = (schema: { AttributeName?: string; KeyType?: string }[] | undefined): string =>
    (schema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');
  const indexes = (table.GlobalSecondaryIndexes ?? []).map((i) => `${i.IndexName}(${keys(i.KeySchema)})`).sort();
  return [keys(table.KeySchema), ...indexes].join(' ');
}

/**
 * Creates the agent-state table if it does not exist, waits until it is active and enables TTL on
 * `expiresAt`. Idempotent. dynalite has no UpdateTimeToLive (UnknownOperationException): there the
 * TTL step is skipped, which only means nothing expires in the in-memory embedded stack. On AWS the
 * table comes from `infra/` (CloudFormation), which enables TTL itself.
 * @throws AgentStateTableMismatchError when a table of that name exists with other keys or indexes.
 */
export async function ensureAgentStateTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  const definition = agentStateTableDefinition(tableName);
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const want = keyShape(definition);
    const have = keyShape(out.Table ?? {});
    if (have !== want) throw new AgentStateTableMismatchError(tableName, `keys ${have}, expected ${want}`);
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  let createdHere = true;
  try {
    await client.send(new CreateTableCommand(definition));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    createdHere = false; // another process is creating it (and enables TTL)
  }
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  if (!createdHere) return 'exists';
  try {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: AGENT_STATE_TTL_ATTRIBUTE, Enabled: true } }),
    );
  } catch (error) {
    if ((error as { name?: unknown }).name !== 'UnknownOperationException') throw error;
  }
  return 'created';
}

/** Resolves when the table is reachable and active (readiness). */
export async function pingTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (out.Table?.TableStatus !== 'ACTIVE') throw new Error(`table ${tableName} is ${out.Table?.TableStatus ?? 'unknown'}`);
}
