import { t } from './column-type';
import type { TableDefinition } from './table-definition';

const endpoint = t.struct({ Address: t.string, Type: t.string });
const hierarchyGroup = t.struct({ ARN: t.string, GroupName: t.string });

/**
 * `connect_ctr`: contact trace records from the CTR stream, one JSON object per delivery,
 * partitioned by `InitiationTimestamp` (UTC day). The 31 columns of the 2022 CTR (the Glue table of
 * the Amazon Connect Data Analytics Sample); `Agent.HierarchyGroups` is typed as the struct it is.
 */
export const ctrTable: TableDefinition = {
  name: 'connect_ctr',
  folder: 'ctr',
  description: 'Contact trace records (one row per delivery; de-duplicate by ContactId keeping the latest LastUpdateTimestamp).',
  partitionTimestamp: 'InitiationTimestamp',
  columns: [
    { name: 'AWSAccountId', type: t.string },
    { name: 'AWSContactTraceRecordFormatVersion', type: t.string },
    {
      name: 'Agent',
      type: t.struct({
        ARN: t.string,
        AfterContactWorkDuration: t.int,
        AfterContactWorkEndTimestamp: t.string,
        AfterContactWorkStartTimestamp: t.string,
        AgentInteractionDuration: t.int,
        ConnectedToAgentTimestamp: t.string,
        CustomerHoldDuration: t.int,
        HierarchyGroups: t.struct({
          Level1: hierarchyGroup,
          Level2: hierarchyGroup,
          Level3: hierarchyGroup,
          Level4: hierarchyGroup,
          Level5: hierarchyGroup,
        }),
        LongestHoldDuration: t.int,
        NumberOfHolds: t.int,
        RoutingProfile: t.struct({ ARN: t.string, Name: t.string }),
        Username: t.string,
      }),
    },
    { name: 'AgentConnectionAttempts', type: t.int },
    { name: 'AnsweringMachineDetectionStatus', type: t.string },
    { name: 'Attributes', type: t.json },
    { name: 'Campaign', type: t.struct({ CampaignId: t.string }) },
    { name: 'Channel', type: t.string },
    { name: 'ConnectedToSystemTimestamp', type: t.string },
    { name: 'ContactDetails', type: t.json },
    { name: 'ContactId', type: t.string },
    { name: 'CustomerEndpoint', type: endpoint },
    { name: 'DisconnectReason', type: t.string },
    { name: 'DisconnectTimestamp', type: t.string },
    { name: 'InitialContactId', type: t.string },
    { name: 'InitiationMethod', type: t.string },
    { name: 'InitiationTimestamp', type: t.string },
    { name: 'InstanceARN', type: t.string },
    { name: 'LastUpdateTimestamp', type: t.string },
    { name: 'MediaStreams', type: t.array(t.struct({ Type: t.string })) },
    { name: 'NextContactId', type: t.string },
    { name: 'PreviousContactId', type: t.string },
    {
      name: 'Queue',
      type: t.struct({ ARN: t.string, DequeueTimestamp: t.string, Duration: t.int, EnqueueTimestamp: t.string, Name: t.string }),
    },
    { name: 'Recording', type: t.struct({ DeletionReason: t.string, Location: t.string, Status: t.string, Type: t.string }) },
    { name: 'Recordings', type: t.json },
    { name: 'References', type: t.json },
    { name: 'ScheduledTimestamp', type: t.string },
    { name: 'SystemEndpoint', type: endpoint },
    { name: 'TransferCompletedTimestamp', type: t.string },
    { name: 'TransferredToEndpoint', type: endpoint },
    { name: 'VoiceIdResult', type: t.json },
  ],
};
