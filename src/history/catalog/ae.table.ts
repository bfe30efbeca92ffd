import { t } from './column-type';
import type { TableDefinition } from './table-definition';

const queueRef = t.struct({ ARN: t.string, Channels: t.array(t.string), Name: t.string });
const hierarchyGroup = t.struct({ ARN: t.string, Name: t.string });
const snapshot = t.struct({
  AgentStatus: t.struct({ ARN: t.string, Name: t.string, StartTimestamp: t.string, Type: t.string }),
  Configuration: t.struct({
    AgentHierarchyGroups: t.struct({ Level1: hierarchyGroup, Level2: hierarchyGroup, Level3: hierarchyGroup, Level4: hierarchyGroup, Level5: hierarchyGroup }),
    FirstName: t.string,
    LastName: t.string,
    RoutingProfile: t.struct({
      ARN: t.string,
      Concurrency: t.array(t.struct({ AvailableSlots: t.int, Channel: t.string, MaximumSlots: t.int })),
      DefaultOutboundQueue: queueRef,
      InboundQueues: t.array(queueRef),
      Name: t.string,
    }),
    Username: t.string,
  }),
  Contacts: t.array(
    t.struct({
      Channel: t.string,
      ConnectedToAgentTimestamp: t.string,
      ContactId: t.string,
      InitialContactId: t.string,
      InitiationMethod: t.string,
      Queue: t.struct({ ARN: t.string, Name: t.string }),
      QueueTimestamp: t.string,
      State: t.string,
      StateStartTimestamp: t.string,
    }),
  ),
  NextAgentStatus: t.json,
});

/**
 * `connect_ae`: agent events from the agent event stream (LOGIN, LOGOUT, STATE_CHANGE, HEART_BEAT),
 * partitioned by `EventTimestamp` (UTC day). Delivered at least once and sometimes out of order.
 */
export const aeTable: TableDefinition = {
  name: 'connect_ae',
  folder: 'ae',
  description: 'Agent events (LOGIN, LOGOUT, STATE_CHANGE, HEART_BEAT) with the agent snapshot before and after.',
  partitionTimestamp: 'EventTimestamp',
  columns: [
    { name: 'AWSAccountId', type: t.string },
    { name: 'AgentARN', type: t.string },
    { name: 'CurrentAgentSnapshot', type: snapshot },
    { name: 'EventId', type: t.string },
    { name: 'EventTimestamp', type: t.string },
    { name: 'EventType', type: t.string },
    { name: 'InstanceARN', type: t.string },
    { name: 'PreviousAgentSnapshot', type: snapshot },
    { name: 'Version', type: t.string },
  ],
};
