import { isAgentStale, lastHeardOfMs } from '../../../src/domain/agent-state';
import { agentState } from '../../helpers/agent-states';

const at = (iso: string) => Date.parse(iso);
const base = agentState({ username: 'ann', activity: 'AVAILABLE' }); // last event 2026-11-20T10:01:00Z, no heartbeat

describe('isAgentStale', () => {
  it('is false up to twice the heartbeat period after the last event, true after', () => {
    expect(isAgentStale(base, at('2026-11-20T10:05:00.000Z'))).toBe(false); // exactly 240 s
    expect(isAgentStale(base, at('2026-11-20T10:05:00.001Z'))).toBe(true);
    expect(isAgentStale(base, at('2026-11-20T10:03:00.001Z'), 60)).toBe(true); // AGENT_HEARTBEAT_PERIOD_SECONDS=60: 120 s
  });

  it('counts the newer of the last event and the last heartbeat', () => {
    const beat = { ...base, lastHeartbeatAt: '2026-11-20T10:04:00.000Z' };
    expect(lastHeardOfMs(beat)).toBe(at('2026-11-20T10:04:00.000Z'));
    expect(isAgentStale(beat, at('2026-11-20T10:07:59.000Z'))).toBe(false);
    expect(isAgentStale(beat, at('2026-11-20T10:08:01.000Z'))).toBe(true);
  });

  it('is never true for an agent who logged out or is Offline (Connect stops reporting them)', () => {
    const late = at('2026-11-21T10:00:00.000Z');
    expect(isAgentStale({ ...base, lastEvent: { ...base.lastEvent, type: 'LOGOUT' } }, late)).toBe(false);
    expect(isAgentStale(agentState({ username: 'bob', activity: 'OFFLINE' }), late)).toBe(false);
    expect(isAgentStale(base, late)).toBe(true);
  });
});
