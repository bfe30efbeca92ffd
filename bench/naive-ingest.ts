/**
 * The baseline the agent-event handler is compared with: decode, parse and one unconditional
 * PutItem per event, into a table of its own.
 */
import { CreateTableCommand, waitUntilTableExists, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamEvent } from 'aws-lambda';
import { parseAgentEvent } from '../src/domain/records';

const NAIVE_TABLE = 'bench-naive-agent-events';

/** Creates the naive table (key: the agent ARN) and waits until it exists. */
export async function createNaiveTable(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: NAIVE_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: NAIVE_TABLE });
}

/**
 * The naive handler: for each record, decode, parse (`parseAgentEvent`, as the real path validates
 * too) and PutItem the event as the agent's item, unconditionally (no reduction, no ordering check).
 * `inFlight` records of a batch at a time (1: a plain loop). Resolves to the number of failed records.
 */
export function naiveHandler(client: DynamoDBClient, inFlight: number): (event: KinesisStreamEvent) => Promise<number> {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const putOne = async (data: string): Promise<void> => {
    const event = parseAgentEvent(JSON.parse(Buffer.from(data, 'base64').toString('utf8')));
    await doc.send(new PutCommand({ TableName: NAIVE_TABLE, Item: { ...event, pk: event.AgentARN } }));
  };
  return async (event) => {
    let failed = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < event.Records.length) {
        const record = event.Records[next++]!;
        await putOne(record.kinesis.data).catch(() => {
          failed++;
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, event.Records.length) }, worker));
    return failed;
  };
}
