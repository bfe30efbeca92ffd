import { changeConcernsFilter, matchesAgentFilter } from '../../../src/domain/agent-state-filter';
import { countQueueRealtime, queuesInLiveState } from '../../../src/domain/queue-realtime';
import { agentState, queueArn } from '../../helpers/agent-states';

describe('matchesAgentFilter', () => {
  const sales = agentState({ username: 'ann', activity: 'ON_CONTACT', queues: ['Sales', 'BasicQueue'], profile: 'sales', hierarchy: ['AnyCompany', 'Seattle'] });
  const support = agentState({ username: 'bob', activity: 'AVAILABLE', queues: ['Support'], profile: 'support', contactQueue: 'Billing' });

  it('matches a queue by name or ARN through the routing profile or a held contact', () => {
    expect(matchesAgentFilter(sales, { queue: 'Sales' })).toBe(true);
    expect(matchesAgentFilter(sales, { queue: queueArn('Sales') })).toBe(true);
    expect(matchesAgentFilter(support, { queue: 'Sales' })).toBe(false);
    expect(matchesAgentFilter(support, { queue: 'Billing' })).toBe(true); // holds a Billing contact (transfer)
  });

  it('combines criteria with AND and treats an empty activity list as no criterion', () => {
    expect(matchesAgentFilter(sales, { queue: 'Sales', activity: ['ON_CONTACT', 'ON_HOLD'] })).toBe(true);
    expect(matchesAgentFilter(sales, { queue: 'Sales', activity: ['AVAILABLE'] })).toBe(false);
    expect(matchesAgentFilter(sales, { activity: [] })).toBe(true);
    expect(matchesAgentFilter(sales, { routingProfile: 'sales', hierarchyGroup: 'Seattle' })).toBe(true);
    expect(matchesAgentFilter(sales, { hierarchyGroup: 'Dublin' })).toBe(false);
  });

  it('matches nothing for unknown names (no error)', () => {
    expect(matchesAgentFilter(sales, { queue: 'NoSuchQueue' })).toBe(false);
  });

  it('lets a change through when the agent matched before or after it', () => {
    const before = agentState({ username: 'ann', activity: 'ON_CONTACT', queues: ['Sales'] });
    const after = agentState({ username: 'ann', activity: 'AFTER_CONTACT_WORK', queues: ['Sales'] });
    expect(changeConcernsFilter({ before, state: after }, { activity: ['ON_CONTACT'] })).toBe(true);
    expect(changeConcernsFilter({ before: null, state: after }, { activity: ['ON_CONTACT'] })).toBe(false);
  });
});

describe('countQueueRealtime', () => {
  it('counts staffed agents by activity, excluding offline agents from online', () => {
    const states = [
      agentState({ username: 'a', activity: 'AVAILABLE', queues: ['Sales'] }),
      agentState({ username: 'b', activity: 'ON_CONTACT', queues: ['Sales'] }),
      agentState({ username: 'c', activity: 'ON_HOLD', queues: ['Sales', 'Support'] }),
      agentState({ username: 'd', activity: 'AFTER_CONTACT_WORK', queues: ['Sales'] }),
      agentState({ username: 'e', activity: 'NON_PRODUCTIVE', queues: ['Sales'] }),
      agentState({ username: 'f', activity: 'OFFLINE', queues: ['Sales'] }),
      agentState({ username: 'g', activity: 'AVAILABLE', queues: ['Support'] }),
    ];
    expect(countQueueRealtime(states, queueArn('Sales'))).toEqual({
      agentsOnline: 5,
      agentsAvailable: 1,
      agentsOnContact: 2,
      agentsInAfterContactWork: 1,
      agentsIncoming: 0,
      agentsNonProductive: 1,
      agentsMissed: 0,
    });
    expect(countQueueRealtime(states, queueArn('Support')).agentsOnline).toBe(2);
    expect(queuesInLiveState(states).map((q) => q.name)).toEqual(['Sales', 'Support']);
  });
});
