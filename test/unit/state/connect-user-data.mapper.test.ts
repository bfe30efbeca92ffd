import { BOOTSTRAP_EVENT_ID, agentStateFromUserData, snapshotTimeOf, type UserDataNames } from '../../../src/state/connect-user-data.mapper';
import { userData } from '../../helpers/connect-user-data';
import { TEST_INSTANCE_ARN } from '../../helpers/kinesis-factories';

const NO_NAMES: UserDataNames = { usernames: new Map(), routingProfiles: new Map(), queues: new Map() };
const RESPONDED_AT = new Date('2026-12-06T10:00:00.000Z');
const convert = (user: Parameters<typeof agentStateFromUserData>[0]) => agentStateFromUserData(user, { instanceArn: TEST_INSTANCE_ARN, respondedAt: RESPONDED_AT, names: NO_NAMES });
const stateOf = (user: Parameters<typeof agentStateFromUserData>[0]) => {
  const out = convert(user);
  if (!('state' in out)) throw new Error(`not converted: ${out.skipped}`);
  return out.state;
};

describe('GetCurrentUserData UserData → AgentState', () => {
  it('derives the activity from the contacts as for agent events (after-contact work, offline, custom status)', () => {
    const since = new Date('2026-12-06T09:00:00.000Z');
    const acw = stateOf(userData('a', since, { Contacts: [{ ContactId: 'c', Channel: 'VOICE', AgentContactState: 'ENDED', StateStartTimestamp: new Date('2026-12-06T09:30:00.000Z') }] }));
    expect(acw).toMatchObject({ activity: 'AFTER_CONTACT_WORK', contacts: [{ contactId: 'c', state: 'ENDED', queue: null, queuedAt: null, initialContactId: null }] });
    expect(stateOf(userData('b', since, { Status: { StatusName: 'Offline', StatusStartTimestamp: since } }))).toMatchObject({ activity: 'OFFLINE', status: { type: 'OFFLINE', arn: null } });
    expect(stateOf(userData('c', since, { Status: { StatusName: 'Lunch', StatusStartTimestamp: since }, NextStatus: 'Offline' }))).toMatchObject({ activity: 'NON_PRODUCTIVE', status: { type: 'CUSTOM' }, nextStatus: 'Offline' });
  });

  it('uses the user id as the username when ListUsers did not name the user, and names nothing it does not know', () => {
    expect(stateOf(userData('a', new Date('2026-12-06T09:00:00.000Z')))).toMatchObject({ username: 'a', routingProfile: { name: null }, hierarchy: [{ name: null }, null, null, null, null] });
  });

  it('orders the snapshot at its newest visible change, never after the response, and at the response without any time', () => {
    const status = new Date('2026-12-06T09:00:00.000Z');
    const contact = new Date('2026-12-06T09:45:00.123Z');
    expect(snapshotTimeOf(userData('a', status, { Contacts: [{ ContactId: 'c', StateStartTimestamp: contact }] }), RESPONDED_AT)).toBe(contact.toISOString());
    expect(snapshotTimeOf(userData('a', new Date('2026-12-06T11:00:00.000Z')), RESPONDED_AT)).toBe(RESPONDED_AT.toISOString());
    const noTimes = stateOf({ User: { Id: 'a', Arn: `${TEST_INSTANCE_ARN}/agent/a` }, Status: { StatusName: 'Available' } });
    expect(noTimes.lastEvent).toEqual({ id: BOOTSTRAP_EVENT_ID, type: 'BOOTSTRAP', timestamp: RESPONDED_AT.toISOString() });
    expect(noTimes.status.since).toBe(RESPONDED_AT.toISOString());
  });

  it('skips entries without a user or a status', () => {
    expect(convert({})).toEqual({ skipped: 'no user' });
    expect(convert({ User: { Id: 'a', Arn: `${TEST_INSTANCE_ARN}/agent/a` } })).toEqual({ skipped: 'no status' });
  });
});
