import { buildContactCenterModel } from '../../../../src/local/demo-data';

describe('buildContactCenterModel', () => {
  const model = buildContactCenterModel('model-test', 40);

  it('has the four queues, with channels and ARNs under the instance', () => {
    expect(model.queues.map((queue) => queue.name)).toEqual(['BasicQueue', 'Sales', 'Support', 'Billing']);
    for (const queue of model.queues) expect(queue.arn.startsWith(`${model.instance.arn}/queue/`)).toBe(true);
    expect(model.instance.arn).toMatch(/^arn:aws:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{36}$/);
  });

  it('has routing profiles with inbound queues and per-channel concurrency (chats concurrent, voice single)', () => {
    expect(model.routingProfiles.length).toBeGreaterThanOrEqual(4);
    for (const profile of model.routingProfiles) {
      expect(profile.queues.length).toBeGreaterThan(0);
      expect(profile.concurrency.find((entry) => entry.channel === 'VOICE')?.maximumSlots).toBe(1);
      expect(profile.concurrency.find((entry) => entry.channel === 'CHAT')?.maximumSlots).toBeGreaterThan(1);
      expect(profile.workMix.reduce((sum, mix) => sum + mix.share, 0)).toBeCloseTo(1, 6);
    }
  });

  it('places every agent in a three-level hierarchy (company, site, team)', () => {
    for (const agent of model.agents) {
      const groups = agent.hierarchyGroupIds.map((id) => model.hierarchyGroups.find((group) => group.id === id));
      expect(groups.map((group) => group?.level)).toEqual([1, 2, 3]);
      expect(groups[1]?.parentId).toBe(groups[0]?.id);
      expect(groups[2]?.parentId).toBe(groups[1]?.id);
      expect(model.evaluators).toContain(agent.evaluatorUsername);
    }
  });

  it('defines the agent statuses with their routing types', () => {
    expect(Object.fromEntries(model.agentStatuses.map((status) => [status.name, status.type]))).toEqual({
      Available: 'ROUTABLE',
      Offline: 'OFFLINE',
      Lunch: 'CUSTOM',
      Break: 'CUSTOM',
      Training: 'CUSTOM',
    });
  });

  it('gives unique usernames and the requested number of agents', () => {
    expect(model.agents).toHaveLength(40);
    expect(new Set(model.agents.map((agent) => agent.username)).size).toBe(40);
  });

  it('is deterministic, and agent i does not depend on the agent count', () => {
    expect(buildContactCenterModel('model-test', 40)).toEqual(model);
    const larger = buildContactCenterModel('model-test', 60);
    expect(larger.agents.slice(0, 40)).toEqual(model.agents);
    expect(buildContactCenterModel('other-seed', 40).instance.id).not.toBe(model.instance.id);
  });

  it('covers all routing profiles with as few as four agents', () => {
    const small = buildContactCenterModel('small', 4);
    expect(new Set(small.agents.map((agent) => agent.routingProfileIndex)).size).toBe(4);
  });
});
