import { ConditionalCheckFailedException, DynamoDBServiceException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { BadUserInputError, UpstreamError } from '../../../src/domain/errors';
import { translateDynamoDbError } from '../../../src/state/dynamodb-errors';

describe('translateDynamoDbError', () => {
  it('turns DynamoDB service errors and network failures into UpstreamError(dynamodb) with the SDK text as the reason', () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: {} });
    const error = translateDynamoDbError(throttled, 'Scan on agent-state');
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'UPSTREAM_FAILED', source: 'dynamodb', reason: 'Scan on agent-state: ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput.', cause: throttled });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    expect(translateDynamoDbError(refused, 'BatchGetItem on t')).toMatchObject({ code: 'UPSTREAM_FAILED', reason: 'BatchGetItem on t: Error: connect ECONNREFUSED 127.0.0.1:8000' });
  });

  it('leaves a lost condition, the API’s own errors, malformed requests (a bug) and other errors unchanged', () => {
    const lost = new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    const invalid = new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'One or more parameter values were invalid', $metadata: {} });
    const own = new BadUserInputError('bad');
    const bug = new TypeError('x is not a function');
    for (const error of [lost, invalid, own, bug]) expect(translateDynamoDbError(error, 'op')).toBe(error);
  });
});
