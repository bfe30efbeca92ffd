import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { AppError, UpstreamError } from '../domain/errors';

/**
 * SDK errors that mean the request itself was malformed: the code that built it has a bug, so they
 * stay internal errors (masked in production) rather than "DynamoDB failed".
 */
const REQUEST_BUG_ERRORS = new Set(['ValidationException', 'SerializationException']);

/** Node network error codes: DynamoDB (or the endpoint) could not be reached. */
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/** Whether an error comes from DynamoDB or from reaching it (not from the caller's code). */
function isDynamoDbFailure(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const { $metadata, code } = error as Error & { $metadata?: unknown; code?: unknown };
  if ($metadata !== undefined) return true; // a service exception: throttling, InternalServerError, ResourceNotFound, access denied …
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  return error.name === 'TimeoutError' || error.name === 'CredentialsProviderError';
}

/**
 * The error a repository caller sees for a failed DynamoDB call: DynamoDB and network failures become
 * UpstreamError('dynamodb') with the SDK's text as the operator-only reason. Unchanged: a lost
 * condition (`ConditionalCheckFailedException`, which the repository handles), the API's own errors,
 * malformed requests (a bug) and anything else.
 * @param operation - what was being done, for the reason (e.g. `BatchGetItem on agent-state`).
 */
export function translateDynamoDbError(error: unknown, operation: string): unknown {
  if (error instanceof ConditionalCheckFailedException || error instanceof AppError) return error;
  if (!isDynamoDbFailure(error) || REQUEST_BUG_ERRORS.has(error.name)) return error;
  return new UpstreamError('dynamodb', `${operation}: ${error.name}: ${error.message}`, error);
}
