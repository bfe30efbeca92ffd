import { BatchGetItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbItems } from '../../../src/state/dynamodb-items';

describe('DynamoDbItems', () => {
  const dynamo = mockClient(DynamoDBClient);
  const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const items = new DynamoDbItems(client, 'live');
  beforeEach(() => dynamo.reset());

  it('marshals native inputs as DocumentClient does (binary stays binary, undefined attributes are left out), on its own table', async () => {
    dynamo.on(PutItemCommand).resolves({});
    dynamo.on(UpdateItemCommand).resolves({ Attributes: { pk: { S: 'a' }, n: { N: '7' }, body: { B: Uint8Array.of(1, 2) } } });
    await items.put({ Item: { pk: 'a', sk: 'b', n: 1, body: Uint8Array.of(1, 2), gone: undefined }, ConditionExpression: 'attribute_not_exists(pk) OR n < :n', ExpressionAttributeValues: { ':n': 1 } });
    expect(dynamo.commandCalls(PutItemCommand)[0]!.args[0].input).toEqual({
      TableName: 'live',
      Item: { pk: { S: 'a' }, sk: { S: 'b' }, n: { N: '1' }, body: { B: Uint8Array.of(1, 2) } },
      ConditionExpression: 'attribute_not_exists(pk) OR n < :n',
      ExpressionAttributeValues: { ':n': { N: '1' } },
    });
    const old = await items.update({ Key: { pk: 'a', sk: 'b' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 7 }, ReturnValues: 'ALL_OLD' });
    expect(old).toEqual({ pk: 'a', n: 7, body: Uint8Array.of(1, 2) });
    expect(dynamo.commandCalls(UpdateItemCommand)[0]!.args[0].input).toMatchObject({ Key: { pk: { S: 'a' }, sk: { S: 'b' } }, ExpressionAttributeValues: { ':n': { N: '7' } } });
  });

  it('unmarshals outputs: a missing item, query pages with their last key, batch gets with unprocessed keys', async () => {
    dynamo.on(GetItemCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [{ pk: { S: 'a' }, m: { M: { x: { N: '1' } } } }], LastEvaluatedKey: { pk: { S: 'a' }, sk: { S: 'z' } } });
    dynamo.on(BatchGetItemCommand).resolves({ Responses: { live: [{ pk: { S: 'a' }, sk: { S: 'b' } }] }, UnprocessedKeys: { live: { Keys: [{ pk: { S: 'c' }, sk: { S: 'd' } }] } } });
    expect(await items.get({ Key: { pk: 'a', sk: 'b' } })).toBeUndefined();
    expect(await items.query({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'a' }, ExclusiveStartKey: { pk: 'a', sk: 'm' } })).toEqual({
      Items: [{ pk: 'a', m: { x: 1 } }],
      LastEvaluatedKey: { pk: 'a', sk: 'z' },
    });
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input.ExclusiveStartKey).toEqual({ pk: { S: 'a' }, sk: { S: 'm' } });
    expect(await items.batchGet([{ pk: 'a', sk: 'b' }, { pk: 'c', sk: 'd' }], true)).toEqual({ items: [{ pk: 'a', sk: 'b' }], unprocessedKeys: [{ pk: 'c', sk: 'd' }] });
    expect(dynamo.commandCalls(BatchGetItemCommand)[0]!.args[0].input).toEqual({
      RequestItems: { live: { Keys: [{ pk: { S: 'a' }, sk: { S: 'b' } }, { pk: { S: 'c' }, sk: { S: 'd' } }], ConsistentRead: true } },
    });
  });

  it('rejects a DynamoDB or network failure as UpstreamError naming the operation and table', async () => {
    dynamo.on(QueryCommand).rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await expect(items.query({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'a' } })).rejects.toMatchObject({
      code: 'UPSTREAM_FAILED',
      reason: 'Query on live: Error: socket hang up',
    });
  });
});
