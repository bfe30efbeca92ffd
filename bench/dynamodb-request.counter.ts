/**
 * Counts the DynamoDB requests a client sends (by operation; SDK retries are not counted again),
 * the errors they end with, and the capacity units they consume.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Capacity units, as DynamoDB (here: dynalite) reports them with `ReturnConsumedCapacity: 'TOTAL'`. */
export interface CapacityTotals {
  read: number;
  write: number;
}

/** The live counts of one client; `reset()` starts a new phase. */
export interface RequestCounts {
  readonly requests: Map<string, number>;
  readonly errors: Map<string, number>;
  /** PutItem requests by the `entity` attribute of the item put (agent, liveness, queue-membership, …). */
  readonly putsByEntity: Map<string, number>;
  readonly capacity: CapacityTotals;
  reset(): void;
}

const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const READ_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);

/**
 * Adds a counting middleware to the client: every read and write is sent with
 * `ReturnConsumedCapacity: 'TOTAL'` (only adds the figure to the response).
 */
export function countRequests(client: DynamoDBClient): RequestCounts {
  const requests = new Map<string, number>();
  const errors = new Map<string, number>();
  const putsByEntity = new Map<string, number>();
  const capacity: CapacityTotals = { read: 0, write: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      requests.set(operation, (requests.get(operation) ?? 0) + 1);
      if (operation === 'PutItem') {
        // A DocumentClient's input holds native values; a low-level command's, attribute values ({ S: … }).
        const raw = (args.input as { Item?: { entity?: unknown } }).Item?.entity;
        const entity = String((typeof raw === 'object' && raw !== null && 'S' in raw ? (raw as { S: unknown }).S : raw) ?? 'other');
        putsByEntity.set(entity, (putsByEntity.get(entity) ?? 0) + 1);
      }
      const isWrite = WRITE_OPERATIONS.has(operation);
      if (isWrite || READ_OPERATIONS.has(operation)) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
        const units = (Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        if (isWrite) capacity.write += units;
        else capacity.read += units;
        return result;
      } catch (error) {
        const name = `${operation}: ${(error as Error).name}`;
        errors.set(name, (errors.get(name) ?? 0) + 1);
        throw error;
      }
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return {
    requests,
    errors,
    putsByEntity,
    capacity,
    reset: () => {
      requests.clear();
      errors.clear();
      putsByEntity.clear();
      capacity.read = 0;
      capacity.write = 0;
    },
  };
}

/** Counts as a plain object, keys sorted (for the figures). */
export const toObject = (map: Map<string, number>): Record<string, number> => Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
