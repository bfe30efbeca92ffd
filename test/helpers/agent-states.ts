import type { AgentActivity, AgentState } from '../../src/domain/agent-state';

const INSTANCE = 'arn:aws:connect:us-east-1:111122223333:instance/test';

/** A queue ARN of the test instance. */
export const queueArn = (name: string): string => `${INSTANCE}/queue/${name.toLowerCase()}`;

/** A compact AgentState for pure tests: the agent serves `queues` through routing profile `profile`. */
export function agentState(input: {
  username: string;
  activity: AgentActivity;
  queues?: string[];
  profile?: string;
  hierarchy?: string[];
  contactQueue?: string;
}): AgentState {
  const queues = input.queues ?? ['BasicQueue'];
  return {
    instanceArn: INSTANCE,
    agentArn: `${INSTANCE}/agent/${input.username}`,
    agentId: input.username,
    username: input.username,
    firstName: null,
    lastName: null,
    status: { name: input.activity === 'OFFLINE' ? 'Offline' : 'Available', type: input.activity === 'OFFLINE' ? 'OFFLINE' : 'ROUTABLE', arn: null, since: '2026-11-20T10:00:00.000Z' },
    nextStatus: null,
    activity: input.activity,
    contacts: input.contactQueue
      ? [{ contactId: 'c1', initialContactId: null, channel: 'VOICE', state: 'CONNECTED', stateSince: '2026-11-20T10:01:00.000Z', queue: { arn: queueArn(input.contactQueue), name: input.contactQueue }, initiationMethod: 'INBOUND', connectedToAgentAt: null, queuedAt: null }]
      : [],
    routingProfile: {
      arn: `${INSTANCE}/routing-profile/${input.profile ?? 'basic'}`,
      name: input.profile ?? 'basic',
      inboundQueues: queues.map((q) => ({ arn: queueArn(q), name: q, channels: ['VOICE'] })),
      concurrency: [],
    },
    hierarchy: (input.hierarchy ?? []).map((name, i) => ({ arn: `${INSTANCE}/agent-group/l${i + 1}-${name}`, name })),
    lastEvent: { id: 'e1', type: 'STATE_CHANGE', timestamp: '2026-11-20T10:01:00.000Z' },
    lastHeartbeatAt: null,
  };
}
