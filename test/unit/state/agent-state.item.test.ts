import { marshall } from '@aws-sdk/util-dynamodb';
import { AGENT_ITEM_VERSION, itemFromState, stateFromItem } from '../../../src/state/agent-state.item';
import { changedAttributes } from '../../../src/state/agent-state.repository';
import { agentState } from '../../helpers/agent-states';

/** An item's size as DynamoDB bills it: attribute names plus values (strings and binaries by bytes). */
function billedBytes(item: Record<string, unknown>): number {
  const size = (value: unknown): number => {
    const v = value as Record<string, unknown>;
    if (v.S !== undefined) return Buffer.byteLength(v.S as string);
    if (v.B !== undefined) return (v.B as Uint8Array).length;
    if (v.N !== undefined) return String(v.N).length;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.M !== undefined) return 3 + Object.entries(v.M as Record<string, unknown>).reduce((s, [k, x]) => s + k.length + size(x), 0);
    if (v.L !== undefined) return 3 + (v.L as unknown[]).reduce<number>((s, x) => s + 1 + size(x), 0);
    throw new Error(`unknown type ${Object.keys(v).join()}`);
  };
  return Object.entries(marshall(item, { removeUndefinedValues: true })).reduce((s, [name, value]) => s + name.length + size(value), 0);
}

const busy = agentState({ username: 'ann', activity: 'ON_CONTACT', queues: ['Sales', 'Support', 'Billing'], hierarchy: ['EMEA', 'UK', 'London'], contactQueue: 'Sales' });

describe('the compact agent item (version 2)', () => {
  it('round-trips every state field, with the heartbeat absent until there is one', () => {
    const item = itemFromState(busy, 3600);
    expect(item.itemVersion).toBe(AGENT_ITEM_VERSION);
    expect(item).not.toHaveProperty('lastHeartbeatAt');
    expect(item).not.toHaveProperty('status');
    expect(stateFromItem({ ...item })).toEqual(busy);
    const beat = { ...busy, lastHeartbeatAt: '2026-11-20T10:03:00.000Z' };
    expect(stateFromItem({ ...itemFromState(beat, 3600) })).toEqual(beat);
  });

  it('stays under 1 KB (one write unit) for an agent with a contact, three queues and a hierarchy', () => {
    expect(billedBytes({ ...itemFromState(busy, 3600) })).toBeLessThan(1024);
  });

  it('refuses a body that does not decode, as the store\'s failure', () => {
    const item = { ...itemFromState(busy, 3600), body: new Uint8Array([1, 2, 3]) };
    expect(() => stateFromItem(item)).toThrow(expect.objectContaining({ code: 'UPSTREAM_FAILED', reason: expect.stringMatching(/body does not decode/) }));
  });
});

describe('changedAttributes', () => {
  const stored = { ...itemFromState(busy, 3600) } as Record<string, unknown>;

  it('a heartbeat changes ordering and liveness only', () => {
    const beat = { ...busy, lastEvent: { id: 'hb', type: 'HEART_BEAT', timestamp: '2026-11-20T10:03:00.000Z' }, lastHeartbeatAt: '2026-11-20T10:03:00.000Z' };
    const { set, remove } = changedAttributes(stored, { ...itemFromState(beat, 3600) });
    expect(Object.keys(set).sort()).toEqual(['eventOrderKey', 'expiresAt', 'lastEvent', 'lastHeartbeatAt']);
    expect(remove).toEqual([]);
  });

  it('a visible change sets the body (and the index key only when the profile moved); equal binaries are not rewritten', () => {
    const moved = { ...busy, activity: 'AVAILABLE' as const, contacts: [], routingProfile: { ...busy.routingProfile!, arn: `${busy.instanceArn}/routing-profile/other` }, lastEvent: { ...busy.lastEvent, id: 'e2' } };
    expect(Object.keys(changedAttributes(stored, { ...itemFromState(moved, 3600) }).set).sort()).toEqual(['body', 'eventOrderKey', 'lastEvent', 'routingProfileArn']);
    const same = { ...itemFromState(busy, 3600) } as Record<string, unknown>;
    expect(changedAttributes(stored, { ...same, body: new Uint8Array(same.body as Uint8Array) })).toEqual({ set: {}, remove: [] });
  });

  it('removes an index key or heartbeat the new item drops, and leaves attributes it does not know alone', () => {
    const withExtra = { ...stored, marker: 'keep', lastHeartbeatAt: '2026-11-20T10:00:00.000Z' };
    const noProfile = { ...busy, routingProfile: null };
    const { set, remove } = changedAttributes(withExtra, { ...itemFromState(noProfile, 3600) });
    expect(remove.sort()).toEqual(['lastHeartbeatAt', 'routingProfileArn']);
    expect(set).not.toHaveProperty('marker');
  });
});
