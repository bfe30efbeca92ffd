import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The agent-state table, defined once for the embedded stack (`ensureAgentStateTable`) and for
 * `infra/` ({@link agentStateTableResource}). A single table holds these kinds of items (and the
 * live queue state of `queue-live.repository.ts`):
 *
 * | item | `pk` | `sk` | other keys |
 * | --- | --- | --- | --- |
 * | agent state | instance ARN | `AGENT#<agentId>` | `routingProfileArn` (GSI {@link ROUTING_PROFILE_INDEX}) |
 * | queue membership | `QUEUE#<queue ARN or name>` | `RP#<routingProfileArn>` | — |
 * | routing-profile name | `RPNAME#<name>` | `RP#<routingProfileArn>` | — |
 * | liveness log (`agent-liveness.log.ts`) | `LIVENESS#<instanceArn>` | `<written at ISO>#<random>` | — |
 *
 * - List an instance's agents: Query `pk = instanceArn AND begins_with(sk, 'AGENT#')` (paged).
 * - Find agents by routing profile: Query the sparse GSI `byRoutingProfile` (`routingProfileArn`,
 *   `sk`; only agent items carry `routingProfileArn`). It projects KEYS_ONLY, and the full items are
 *   read with BatchGetItem: a GSI is written only when its key or projected attributes change, so
 *   status changes and heartbeats (which keep the routing profile) cost no index writes at all. A
 *   profile given by name is first looked up: Query `pk = RPNAME#<name>`.
 * - Find agents by queue: a routing profile's inbound queues are a list, which no index can key on,
 *   so the repository writes one tiny membership item per (queue ARN or name, routing profile) it
 *   sees — for the profile's inbound queues and for the queues of contacts its agents hold — and
 *   answers "agents of queue Q" as Query `pk = QUEUE#Q` → routing profiles → GSI per profile →
 *   BatchGetItem, checking each state read against the filter (memberships are never deleted).
 * - The routing profile ARN in every `sk` starts with the instance ARN: `begins_with(sk, 'RP#<instanceArn>/')`
 *   keeps a lookup to one instance.
 *
 * Items expire through DynamoDB TTL on {@link AGENT_STATE_TTL_ATTRIBUTE} (epoch seconds), set to
 * the agent's newest event time plus {@link DEFAULT_AGENT_STATE_TTL_SECONDS}.
 */

/** Partition key attribute (string). */
export const AGENT_STATE_PARTITION_KEY = 'pk';
/** Sort key attribute (string). */
export const AGENT_STATE_SORT_KEY = 'sk';
/** GSI listing agent items by routing profile; keys `routingProfileArn` (hash) and `sk` (range), KEYS_ONLY. */
export const ROUTING_PROFILE_INDEX = 'byRoutingProfile';
/** The GSI's partition key attribute, present on agent items that have a routing profile. */
export const ROUTING_PROFILE_ARN_ATTRIBUTE = 'routingProfileArn';
/** TTL attribute: epoch seconds after which DynamoDB may delete the item (infra enables TTL on it). */
export const AGENT_STATE_TTL_ATTRIBUTE = 'expiresAt';
/** Items of agents not heard from for 30 days expire. */
export const DEFAULT_AGENT_STATE_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * The CreateTable input of the agent-state table: on-demand billing, `pk`/`sk` keys and the
 * `byRoutingProfile` GSI. TTL is not part of CreateTable (UpdateTimeToLive, or CloudFormation's
 * `TimeToLiveSpecification` in {@link agentStateTableResource}).
 */
export function agentStateTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: AGENT_STATE_PARTITION_KEY, AttributeType: 'S' },
      { AttributeName: AGENT_STATE_SORT_KEY, AttributeType: 'S' },
      { AttributeName: ROUTING_PROFILE_ARN_ATTRIBUTE, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: AGENT_STATE_PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: AGENT_STATE_SORT_KEY, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: ROUTING_PROFILE_INDEX,
        KeySchema: [
          { AttributeName: ROUTING_PROFILE_ARN_ATTRIBUTE, KeyType: 'HASH' },
          { AttributeName: AGENT_STATE_SORT_KEY, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  };
}

/**
 * The same table as a CloudFormation `AWS::DynamoDB::Table` resource for `infra/`, with TTL enabled
 * on {@link AGENT_STATE_TTL_ATTRIBUTE}. `tableName` may be a CloudFormation expression (e.g. `{ Ref: … }`).
 */
export function agentStateTableResource(tableName: unknown): { Type: 'AWS::DynamoDB::Table'; Properties: Record<string, unknown> } {
  const { TableName: _name, ...definition } = agentStateTableDefinition('placeholder');
  return {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      TableName: tableName,
      ...definition,
      TimeToLiveSpecification: { AttributeName: AGENT_STATE_TTL_ATTRIBUTE, Enabled: true },
    },
  };
}
