import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../../../src/state/dynamodb.client';

describe('createDynamoDbClient', () => {
  const names = (client: DynamoDBClient): string[] => client.middlewareStack.identify().map((entry) => entry.split(' ')[0]!);

  it('drops only the SDK logger middleware: the client has no logger, and the rest of the stack is the SDK default', () => {
    const ours = names(createDynamoDbClient({ region: 'us-east-1' }));
    const sdk = names(new DynamoDBClient({ region: 'us-east-1' }));
    expect(sdk).toContain('loggerMiddleware');
    expect(ours).not.toContain('loggerMiddleware');
    expect(ours).toEqual(sdk.filter((name) => name !== 'loggerMiddleware'));
  });

  it('passes cacheMiddleware to the SDK only when asked (DocumentClient refuses a client with it)', () => {
    expect(createDynamoDbClient({ region: 'us-east-1' }).config.cacheMiddleware).toBe(false);
    expect(createDynamoDbClient({ region: 'us-east-1', cacheMiddleware: true }).config.cacheMiddleware).toBe(true);
  });
});
