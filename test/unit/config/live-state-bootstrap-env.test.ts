import { ConfigError, loadConfig } from '../../../src/config/env';

const ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/aaaaaaaa-0000-0000-0000-000000000001';
const ARN_2 = 'arn:aws:connect:us-east-1:111122223333:instance/bbbbbbbb-0000-0000-0000-000000000002';

describe('LIVE_STATE_BOOTSTRAP* (warm start of the agent-events Lambda)', () => {
  it('is off by default, with a 20 s budget', () => {
    expect(loadConfig({}).liveStateBootstrap).toEqual({ enabled: false, instanceArns: [], timeoutMs: 20_000 });
  });

  it('reads the instances as a comma-separated list', () => {
    expect(loadConfig({ LIVE_STATE_BOOTSTRAP: '1', LIVE_STATE_BOOTSTRAP_INSTANCES: ` ${ARN}, ${ARN_2} ,`, LIVE_STATE_BOOTSTRAP_TIMEOUT_MS: '5000' }).liveStateBootstrap).toEqual({
      enabled: true,
      instanceArns: [ARN, ARN_2],
      timeoutMs: 5000,
    });
  });

  it('needs instances when on, and refuses what is not an instance ARN', () => {
    expect(() => loadConfig({ LIVE_STATE_BOOTSTRAP: '1' })).toThrow('LIVE_STATE_BOOTSTRAP_INSTANCES: is required when LIVE_STATE_BOOTSTRAP=1 (comma-separated Connect instance ARNs)');
    expect(() => loadConfig({ LIVE_STATE_BOOTSTRAP: '1', LIVE_STATE_BOOTSTRAP_INSTANCES: `${ARN},instance/abc` })).toThrow(
      'LIVE_STATE_BOOTSTRAP_INSTANCES: instance/abc is not a Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<id>)',
    );
    expect(() => loadConfig({ LIVE_STATE_BOOTSTRAP: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ LIVE_STATE_BOOTSTRAP_TIMEOUT_MS: '10' })).toThrow(/LIVE_STATE_BOOTSTRAP_TIMEOUT_MS/);
  });
});
