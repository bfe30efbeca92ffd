import type { ListRoutingProfileQueuesCommandInput, ListRoutingProfileQueuesCommandOutput, QueueSummary, RoutingProfileQueueConfigSummary, RoutingProfileSummary, UserData, UserSummary } from '@aws-sdk/client-connect';
import { TEST_INSTANCE_ARN } from './kinesis-factories';

/**
 * Amazon Connect responses for the live-state warm start tests, built exactly as the SDK's types
 * (`@aws-sdk/client-connect` models) define them: Dates for timestamps, slot maps by channel.
 */

/** The instance id of TEST_INSTANCE_ARN (what the reader sends as `InstanceId`). */
export const TEST_INSTANCE_ID = TEST_INSTANCE_ARN.split('/').pop()!;
export const routingProfileArn = (id: string): string => `${TEST_INSTANCE_ARN}/routing-profile/${id}`;
export const connectQueueArn = (id: string): string => `${TEST_INSTANCE_ARN}/queue/${id}`;
export const agentArnOf = (agentId: string): string => `${TEST_INSTANCE_ARN}/agent/${agentId}`;

/** Routing profiles of the instance (ListRoutingProfiles). */
export const ROUTING_PROFILES: RoutingProfileSummary[] = [
  { Id: 'rp-sales', Arn: routingProfileArn('rp-sales'), Name: 'Sales agents', LastModifiedTime: new Date('2026-01-01T00:00:00Z'), LastModifiedRegion: 'us-west-2' },
  { Id: 'rp-support', Arn: routingProfileArn('rp-support'), Name: 'Support agents', LastModifiedTime: new Date('2026-01-01T00:00:00Z'), LastModifiedRegion: 'us-west-2' },
];

/** STANDARD queues of the instance (ListQueues). */
export const QUEUES: QueueSummary[] = [
  { Id: 'q-sales', Arn: connectQueueArn('q-sales'), Name: 'Sales', QueueType: 'STANDARD' },
  { Id: 'q-support', Arn: connectQueueArn('q-support'), Name: 'Support', QueueType: 'STANDARD' },
];

/**
 * The queues of each routing profile (ListRoutingProfileQueues: one entry per queue and channel). Sales takes its
 * queue on two channels, listed over two pages; the support entry has no QueueName (the reader falls back to ListQueues).
 */
export const ROUTING_PROFILE_QUEUES: Readonly<Record<string, RoutingProfileQueueConfigSummary[][]>> = {
  'rp-sales': [
    [{ QueueId: 'q-sales', QueueArn: connectQueueArn('q-sales'), QueueName: 'Sales', Priority: 1, Delay: 0, Channel: 'VOICE' }],
    [{ QueueId: 'q-sales', QueueArn: connectQueueArn('q-sales'), QueueName: 'Sales', Priority: 1, Delay: 0, Channel: 'CHAT' }],
  ],
  'rp-support': [[{ QueueId: 'q-support', QueueArn: connectQueueArn('q-support'), QueueName: undefined, Priority: 1, Delay: 0, Channel: 'VOICE' }]],
};

/** Answers ListRoutingProfileQueues from {@link ROUTING_PROFILE_QUEUES}, paged by NextToken `<profile>#<page>`. */
export async function routingProfileQueuesPage(input: ListRoutingProfileQueuesCommandInput): Promise<Partial<ListRoutingProfileQueuesCommandOutput>> {
  const pages = ROUTING_PROFILE_QUEUES[input.RoutingProfileId ?? ''] ?? [[]];
  const index = input.NextToken ? Number(input.NextToken.split('#')[1]) : 0;
  return { RoutingProfileQueueConfigSummaryList: pages[index] ?? [], ...(index + 1 < pages.length ? { NextToken: `${input.RoutingProfileId}#${index + 1}` } : {}) };
}

/** A user summary (ListUsers) with login name `<id>@example.com`. */
export function userSummary(agentId: string): UserSummary {
  return { Id: agentId, Arn: agentArnOf(agentId), Username: `${agentId}@example.com` };
}

/** An agent that is Available since `statusSince`, with no contacts, in routing profile rp-sales. */
export function userData(agentId: string, statusSince: Date, overrides: Partial<UserData> = {}): UserData {
  return {
    User: { Id: agentId, Arn: agentArnOf(agentId) },
    RoutingProfile: { Id: 'rp-sales', Arn: routingProfileArn('rp-sales') },
    HierarchyPath: { LevelOne: { Id: 'emea', Arn: `${TEST_INSTANCE_ARN}/agent-group/emea` } },
    Status: { StatusStartTimestamp: statusSince, StatusArn: `${TEST_INSTANCE_ARN}/agent-state/available`, StatusName: 'Available' },
    AvailableSlotsByChannel: { VOICE: 1, CHAT: 2 },
    MaxSlotsByChannel: { VOICE: 1, CHAT: 2 },
    ActiveSlotsByChannel: { VOICE: 0, CHAT: 0 },
    Contacts: [],
    ...overrides,
  };
}
