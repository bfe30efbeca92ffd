import path from 'node:path';
import { ConfigError, DEFAULT_RATE_LIMIT_PER_MINUTE, DEFAULT_SUBSCRIPTIONS_PER_PRINCIPAL, loadConfig } from '../../../src/config/env';

describe('loadConfig', () => {
  it('defaults to the embedded stack', () => {
    const config = loadConfig({});
    expect(config.engine).toBe('duckdb');
    expect(config.server.port).toBe(4000);
    expect(config.data.dir).toBe(path.resolve('./data'));
    expect(config.dynamodb.endpoint).toBeUndefined();
    expect(config.simulate).toBe(true);
  });

  it('rate limits callers by default only when they authenticate or anonymous access is exposed on purpose', () => {
    // The embedded stack on loopback: every local client is the one anonymous principal (tests, benches, wallboards).
    expect(loadConfig({}).limits.ratePerMinute).toBe(0);
    expect(loadConfig({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: '/etc/keys.json' }).limits.ratePerMinute).toBe(DEFAULT_RATE_LIMIT_PER_MINUTE);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_ALLOW_ANONYMOUS: '1' }).limits.ratePerMinute).toBe(DEFAULT_RATE_LIMIT_PER_MINUTE);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '30' }).limits.ratePerMinute).toBe(30);
    expect(loadConfig({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: '/etc/keys.json', RATE_LIMIT_PER_MINUTE: '0' }).limits.ratePerMinute).toBe(0);
  });

  it('limits subscriptions per principal by default only when callers authenticate or anonymous access is exposed', () => {
    expect(loadConfig({}).subscriptions).toMatchObject({ maxPerConnection: 1_000, maxPerPrincipal: 1_000_000 });
    expect(loadConfig({ AUTH_MODE: 'apikey', AUTH_API_KEYS_FILE: '/etc/keys.json' }).subscriptions.maxPerPrincipal).toBe(DEFAULT_SUBSCRIPTIONS_PER_PRINCIPAL);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_ALLOW_ANONYMOUS: '1' }).subscriptions.maxPerPrincipal).toBe(DEFAULT_SUBSCRIPTIONS_PER_PRINCIPAL);
    expect(loadConfig({ SUBSCRIPTION_MAX_PER_PRINCIPAL: '5', SUBSCRIPTION_MAX_PER_CONNECTION: '2' }).subscriptions).toMatchObject({ maxPerConnection: 2, maxPerPrincipal: 5 });
  });

  it('reports every invalid variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', ENGINE: 'postgres', SIMULATE: 'yes' });
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/ENGINE/);
      expect(problems).toMatch(/SIMULATE/);
    }
  });

  it('reads the heartbeat period, the heartbeat write window and the agent memory, and refuses a window of a period or more', () => {
    expect(loadConfig({}).agentState).toEqual({ heartbeatPeriodSeconds: 120, heartbeatWriteWindowSeconds: 90, memoryMaxAgents: 50_000 });
    expect(loadConfig({ AGENT_HEARTBEAT_PERIOD_SECONDS: '60', AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS: '0', AGENT_STATE_MEMORY_MAX_AGENTS: '0' }).agentState).toEqual({
      heartbeatPeriodSeconds: 60,
      heartbeatWriteWindowSeconds: 0,
      memoryMaxAgents: 0,
    });
    expect(() => loadConfig({ AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS: '120' })).toThrow(/AGENT_HEARTBEAT_WRITE_WINDOW_SECONDS.*less than AGENT_HEARTBEAT_PERIOD_SECONDS \(120\)/);
  });

  it('starts the embedded DynamoDB only for the embedded stack, unless told otherwise', () => {
    expect(loadConfig({}).dynamodb.embedded).toBe(true);
    expect(loadConfig({ ENGINE: 'athena', ATHENA_OUTPUT_LOCATION: 's3://b/r/' }).dynamodb.embedded).toBe(false);
    expect(loadConfig({ ENGINE: 'athena', ATHENA_OUTPUT_LOCATION: 's3://b/r/', DYNAMODB_EMBEDDED: '1' }).dynamodb.embedded).toBe(true);
    expect(loadConfig({ DYNAMODB_EMBEDDED: '0' }).dynamodb.embedded).toBe(false);
    expect(loadConfig({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' }).dynamodb.embedded).toBe(false);
  });

  it('requires an output location for Athena', () => {
    expect(() => loadConfig({ ENGINE: 'athena' })).toThrow(/ATHENA_OUTPUT_LOCATION: is required when ENGINE=athena/);
    expect(loadConfig({ ENGINE: 'athena', ATHENA_OUTPUT_LOCATION: 's3://bucket/results/' }).athena.outputLocation).toBe('s3://bucket/results/');
  });

  it('reads the Athena region from ATHENA_REGION, else from AWS_REGION, independently of DynamoDB', () => {
    expect(loadConfig({}).athena.region).toBe('us-east-1');
    expect(loadConfig({ AWS_REGION: 'eu-west-1' }).athena.region).toBe('eu-west-1');
    const split = loadConfig({ AWS_REGION: 'eu-west-1', ATHENA_REGION: 'us-west-2' });
    expect(split.athena.region).toBe('us-west-2');
    expect(split.dynamodb.region).toBe('eu-west-1');
  });
});
