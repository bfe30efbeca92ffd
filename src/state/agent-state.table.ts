import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The agent-state table, defined once for the embedded stack and for `infra/`.
 * One item per agent: partition key `instanceId`, sort key `agentId`, so an instance's agents are one Query.
 */
export function agentStateTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'instanceId', AttributeType: 'S' },
      { AttributeName: 'agentId', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'instanceId', KeyType: 'HASH' },
      { AttributeName: 'agentId', KeyType: 'RANGE' },
    ],
  };
}
