import {
  BatchGetItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { GetCommandInput, PutCommandInput, QueryCommandInput, ScanCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall, type marshallOptions } from '@aws-sdk/util-dynamodb';
import { translateDynamoDbError } from './dynamodb-errors';

/** An item or key in native JavaScript values (strings, numbers, Uint8Array, maps, lists). */
export type NativeItem = Record<string, unknown>;

/*
 * Inputs: lib-dynamodb's command inputs without `TableName` (the table is this object's) and without
 * the legacy parameters (Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter) that
 * expressions replace and this code never sends.
 */
/** GetItem's input. */
export type GetInput = Omit<GetCommandInput, 'TableName' | 'Key'> & { readonly Key: NativeItem };
/** PutItem's input. */
export type PutInput = Omit<PutCommandInput, 'TableName' | 'Item' | 'Expected'> & { readonly Item: NativeItem };
/** UpdateItem's input. */
export type UpdateInput = Omit<UpdateCommandInput, 'TableName' | 'Key' | 'Expected' | 'AttributeUpdates'> & { readonly Key: NativeItem };
/** Query's input. */
export type QueryInput = Omit<QueryCommandInput, 'TableName' | 'KeyConditions' | 'QueryFilter'>;
/** Scan's input. */
export type ScanInput = Omit<ScanCommandInput, 'TableName' | 'ScanFilter'>;

/** A page of a Query or Scan, items unmarshalled. */
export interface NativePage {
  readonly Items: NativeItem[];
  readonly LastEvaluatedKey?: NativeItem;
}

/** The agent-state table's write convention: attributes whose value is undefined are left out (as `DocumentClient`'s `removeUndefinedValues`). */
const MARSHALL_OPTIONS: marshallOptions = { removeUndefinedValues: true };

const toAttributes = (values: NativeItem): Record<string, AttributeValue> => marshall(values, MARSHALL_OPTIONS);
const toAttributesIfAny = (values: NativeItem | undefined): Record<string, AttributeValue> | undefined => (values === undefined ? undefined : toAttributes(values));

/**
 * The live-state table's DynamoDB calls (agent state, liveness log, live contacts) in native values,
 * on the low-level client: inputs take the
 * shapes of `@aws-sdk/lib-dynamodb`'s commands and are marshalled with `@aws-sdk/util-dynamodb`
 * (the library `DocumentClient` itself uses, with the same options), outputs are unmarshalled.
 *
 * Why not `DynamoDBDocumentClient`: it refuses a client created with the SDK's `cacheMiddleware`
 * option (which the application's clients set: see `createDynamoDbClient`), and on the agent-event
 * ingest path resolving the middleware stack anew for every request costs an eighth of the
 * handler's CPU per event (bench/agent-events.bench.ts). These calls work on a client with or
 * without that option.
 *
 * Every call's DynamoDB and network failures reject with {@link translateDynamoDbError}'s error
 * (`UpstreamError('dynamodb')`), naming the operation and the table; a lost condition stays
 * `ConditionalCheckFailedException`.
 */
export class DynamoDbItems {
  constructor(
    private readonly client: DynamoDBClient,
    /** The table every call reads or writes, also named in the errors (e.g. `UpdateItem on agent-state`). */
    readonly tableName: string,
  ) {}

  /** GetItem: the item, or undefined when there is none. */
  async get(input: GetInput): Promise<NativeItem | undefined> {
    const out = await this.sent('GetItem', this.client.send(new GetItemCommand({ ...input, TableName: this.tableName, Key: toAttributes(input.Key) })));
    return out.Item === undefined ? undefined : unmarshall(out.Item);
  }

  /** PutItem (conditional when the input says so). */
  async put(input: PutInput): Promise<void> {
    await this.sent(
      'PutItem',
      this.client.send(
        new PutItemCommand({ ...input, TableName: this.tableName, Item: toAttributes(input.Item), ExpressionAttributeValues: toAttributesIfAny(input.ExpressionAttributeValues) }),
      ),
    );
  }

  /** UpdateItem (conditional when the input says so): the item's attributes as `ReturnValues` asks (none by default). */
  async update(input: UpdateInput): Promise<NativeItem | undefined> {
    const out = await this.sent(
      'UpdateItem',
      this.client.send(
        new UpdateItemCommand({ ...input, TableName: this.tableName, Key: toAttributes(input.Key), ExpressionAttributeValues: toAttributesIfAny(input.ExpressionAttributeValues) }),
      ),
    );
    return out.Attributes === undefined ? undefined : unmarshall(out.Attributes);
  }

  /** One Query page. */
  async query(input: QueryInput): Promise<NativePage> {
    const out = await this.sent('Query', this.client.send(new QueryCommand({ ...input, TableName: this.tableName, ...pageStart(input) })));
    return page(out.Items, out.LastEvaluatedKey);
  }

  /** One Scan page. */
  async scan(input: ScanInput): Promise<NativePage> {
    const out = await this.sent('Scan', this.client.send(new ScanCommand({ ...input, TableName: this.tableName, ...pageStart(input) })));
    return page(out.Items, out.LastEvaluatedKey);
  }

  /** One BatchGetItem of this table's `keys`: the items found, and the keys DynamoDB left unprocessed. */
  async batchGet(keys: readonly NativeItem[], consistentRead: boolean): Promise<{ items: NativeItem[]; unprocessedKeys: NativeItem[] }> {
    const out = await this.sent(
      'BatchGetItem',
      this.client.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: keys.map(toAttributes), ConsistentRead: consistentRead } } })),
    );
    return {
      items: (out.Responses?.[this.tableName] ?? []).map((item) => unmarshall(item)),
      unprocessedKeys: (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []).map((key) => unmarshall(key)),
    };
  }

  private async sent<T>(operation: string, request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      throw translateDynamoDbError(error, `${operation} on ${this.tableName}`);
    }
  }
}

/** A Query's or Scan's values and start key, marshalled. */
function pageStart(input: QueryInput | ScanInput): { ExpressionAttributeValues?: Record<string, AttributeValue>; ExclusiveStartKey?: Record<string, AttributeValue> } {
  return { ExpressionAttributeValues: toAttributesIfAny(input.ExpressionAttributeValues), ExclusiveStartKey: toAttributesIfAny(input.ExclusiveStartKey) };
}

function page(items: Record<string, AttributeValue>[] | undefined, lastEvaluatedKey: Record<string, AttributeValue> | undefined): NativePage {
  return { Items: (items ?? []).map((item) => unmarshall(item)), ...(lastEvaluatedKey === undefined ? {} : { LastEvaluatedKey: unmarshall(lastEvaluatedKey) }) };
}
