import fs from 'node:fs';
import path from 'node:path';
import resolveDeploymentParams from '../../../infra/deployment-params';
import { agentStateTableInfraResource, renderInfraFiles } from '../../../src/history/catalog/write-infra';
import { AGENT_STATE_TTL_ATTRIBUTE, agentStateTableDefinition } from '../../../src/state/agent-state.table';

const ROOT = path.resolve(__dirname, '../../..');
const STREAM_ARN = 'arn:aws:kinesis:eu-west-2:111122223333:stream/connect-agent-events';

/** What serverless hands the variable source: `param:` from `--param`, plus the stage and region. */
function context(params: Record<string, string>, stage = 'prod', region = 'eu-west-2') {
  return {
    options: { param: Object.entries(params).map(([name, value]) => `${name}=${value}`) },
    resolveVariable: async (variable: string): Promise<unknown> => {
      if (variable === 'sls:stage') return stage;
      if (variable === 'self:provider.region') return region;
      const param = /^param:(\w+), null$/.exec(variable);
      if (!param) throw new Error(`unexpected variable ${variable}`);
      return params[param[1]!] ?? null;
    },
  };
}

describe('generated infra/ files', () => {
  it.each(Object.entries(renderInfraFiles()))('%s is current (run `npm run infra` after changing the catalog or the table definition)', (file, text) => {
    expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).toBe(text);
  });

  it('deploys the one agent-state table definition with PITR, TTL and a NEW_IMAGE stream', () => {
    const { TableName: _name, ...definition } = agentStateTableDefinition('any');
    const resource = agentStateTableInfraResource();

    expect(resource).toEqual({
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        ...definition,
        TableName: { Ref: 'AgentStateTableName' },
        TimeToLiveSpecification: { AttributeName: AGENT_STATE_TTL_ATTRIBUTE, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      },
    });
  });
});

describe('deployment parameters (infra/deployment-params.js)', () => {
  it('names every missing required parameter and how to pass it', async () => {
    await expect(resolveDeploymentParams(context({}))).rejects.toThrow(
      /^Missing deployment parameters: dataBucketName, agentEventStreamArn — pass them with --param="name=value"/,
    );
    await expect(resolveDeploymentParams(context({ agentEventStreamArn: STREAM_ARN }))).rejects.toThrow(/^Missing deployment parameters: dataBucketName —/);
  });

  it('fills in the defaults from the stage', async () => {
    const params = await resolveDeploymentParams(context({ dataBucketName: 'my-connect-data', agentEventStreamArn: STREAM_ARN }, 'my-stage'));

    expect(params).toEqual({
      stage: 'my-stage',
      region: 'eu-west-2',
      dataBucketName: 'my-connect-data',
      agentEventStreamArn: STREAM_ARN,
      ctrPrefix: 'ctr/',
      aePrefix: 'ae/',
      cflPrefix: 'cfl/',
      clPrefix: 'cl/',
      efPrefix: 'ef/',
      glueDatabaseName: 'connect_analytics_my_stage',
      athenaWorkgroupName: 'connect-analytics-my-stage',
      agentStateTableName: 'connect-analytics-my-stage-agent-state',
      bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
      athenaResultsRetentionDays: 7,
      parallelizationFactor: 1,
      logLevel: 'info',
      apiAuthorization: 'iam',
      jwtIssuer: null,
      jwtAudience: null,
      jwtJwksUrl: null,
      apiKeysSecretArn: null,
      signedLinkSecretArn: null,
      signedLinks: null,
      corsAllowedOrigins: [],
      httpApiCors: false,
      lambdaAuthMode: 'none',
      redisUrl: null,
      dataKmsKeyArn: '',
      agentEventStreamKmsKeyArn: '',
      httpApiAuthorizer: { type: 'aws_iam' },
      vpc: null,
      lambdaInVpc: 'false',
      liveStateBootstrap: '0',
      liveStateBootstrapInstances: null,
      liveStateBootstrapResources: [],
    });
  });

  it('turns the live-state warm start on for the given Connect instances, with their resources for the role', async () => {
    const a = 'arn:aws:connect:eu-west-2:111122223333:instance/aaaaaaaa-0000-0000-0000-000000000001';
    const b = 'arn:aws:connect:us-east-1:111122223333:instance/bbbbbbbb-0000-0000-0000-000000000002';
    const params = await resolveDeploymentParams(context({ dataBucketName: 'my-connect-data', agentEventStreamArn: STREAM_ARN, liveStateBootstrapInstances: ` ${a}, ${b}` }));
    expect(params).toMatchObject({
      liveStateBootstrap: '1',
      liveStateBootstrapInstances: `${a},${b}`,
      liveStateBootstrapResources: [a, `${a}/*`, b, `${b}/*`],
    });
    await expect(resolveDeploymentParams(context({ dataBucketName: 'my-connect-data', agentEventStreamArn: STREAM_ARN, liveStateBootstrapInstances: 'instance/abc' }))).rejects.toThrow(
      'Invalid deployment parameters: liveStateBootstrapInstances = "instance/abc": empty, or comma-separated Connect instance ARNs (arn:aws:connect:<region>:<account>:instance/<id>)',
    );
  });

  it('takes the optional parameters as given', async () => {
    const params = await resolveDeploymentParams(
      context({
        dataBucketName: 'my-connect-data',
        agentEventStreamArn: STREAM_ARN,
        ctrPrefix: 'connect/ctr/',
        redisUrl: 'rediss://cache.example.com:6379',
        apiAuthorization: 'none',
        corsAllowedOrigins: 'https://a.example.com,https://b.example.com',
        bytesScannedCutoffPerQuery: '1000000000',
        vpcSubnetIds: 'subnet-0a1b2c3d, subnet-4e5f6a7b',
        vpcSecurityGroupIds: 'sg-0123abcd',
      }),
    );

    expect(params).toMatchObject({
      ctrPrefix: 'connect/ctr/',
      redisUrl: 'rediss://cache.example.com:6379',
      httpApiAuthorizer: null,
      corsAllowedOrigins: ['https://a.example.com', 'https://b.example.com'],
      bytesScannedCutoffPerQuery: 1_000_000_000,
      vpc: { subnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'], securityGroupIds: ['sg-0123abcd'] },
      lambdaInVpc: 'true',
    });
  });

  it('lets the function check JWTs or API keys itself, with the settings each needs, and no wildcard CORS beside credentials', async () => {
    const base = { dataBucketName: 'my-connect-data', agentEventStreamArn: STREAM_ARN };
    const jwt = await resolveDeploymentParams(
      context({ ...base, apiAuthorization: 'jwt', jwtIssuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc', jwtAudience: 'portal', corsAllowedOrigins: 'https://portal.example.com' }),
    );
    expect(jwt).toMatchObject({ lambdaAuthMode: 'jwt', httpApiAuthorizer: null, jwtAudience: 'portal' });
    expect(jwt.httpApiCors).toMatchObject({ allowedOrigins: ['https://portal.example.com'], allowedHeaders: expect.arrayContaining(['Authorization', 'X-Api-Key']) });

    const secret = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:connect-api-keys-AbCdEf';
    await expect(resolveDeploymentParams(context({ ...base, apiAuthorization: 'apikey', apiKeysSecretArn: secret }))).resolves.toMatchObject({ lambdaAuthMode: 'apikey', apiKeysSecretArn: secret });

    await expect(resolveDeploymentParams(context({ ...base, apiAuthorization: 'jwt' }))).rejects.toThrow('apiAuthorization = "jwt" needs jwtIssuer and jwtAudience');
    await expect(resolveDeploymentParams(context({ ...base, apiAuthorization: 'apikey' }))).rejects.toThrow('apiAuthorization = "apikey" needs apiKeysSecretArn');
    await expect(resolveDeploymentParams(context({ ...base, apiAuthorization: 'apikey', apiKeysSecretArn: secret, corsAllowedOrigins: '*' }))).rejects.toThrow(
      'corsAllowedOrigins = "*" cannot be used with apiAuthorization jwt or apikey',
    );
  });

  it('turns signed links on in the GraphQL function with signedLinkSecretArn, only where the function checks credentials', async () => {
    const base = { dataBucketName: 'my-connect-data', agentEventStreamArn: STREAM_ARN };
    const keys = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:connect-api-keys-AbCdEf';
    const links = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:connect-link-secret-GhIjKl';
    await expect(resolveDeploymentParams(context({ ...base, apiAuthorization: 'apikey', apiKeysSecretArn: keys, signedLinkSecretArn: links }))).resolves.toMatchObject({
      lambdaAuthMode: 'apikey',
      signedLinks: '1',
      signedLinkSecretArn: links,
    });
    for (const apiAuthorization of ['iam', 'none']) {
      await expect(resolveDeploymentParams(context({ ...base, apiAuthorization, signedLinkSecretArn: links }))).rejects.toThrow(`signedLinkSecretArn needs apiAuthorization jwt or apikey (got ${apiAuthorization})`);
    }
    await expect(resolveDeploymentParams(context({ ...base, apiAuthorization: 'apikey', apiKeysSecretArn: keys, signedLinkSecretArn: 'connect-link-secret' }))).rejects.toThrow('signedLinkSecretArn = "connect-link-secret"');
  });

  it('refuses a parameter it does not know (a misspelt name would deploy the default)', async () => {
    await expect(
      resolveDeploymentParams(context({ dataBucketName: 'my-connect-data', agentEventStreamArn: STREAM_ARN, redisURL: 'redis://cache:6379' })),
    ).rejects.toThrow(/^Invalid deployment parameters: unknown parameter redisURL \(known: .*redisUrl/);
  });

  it('lists every malformed value at once, including a stream in another region', async () => {
    const attempt = resolveDeploymentParams(
      context({
        dataBucketName: 's3://my-connect-data',
        agentEventStreamArn: 'arn:aws:kinesis:us-east-1:111122223333:stream/connect-agent-events',
        ctrPrefix: '/ctr',
        bytesScannedCutoffPerQuery: '1000',
        parallelizationFactor: '11',
        apiAuthorization: 'open',
        vpcSubnetIds: 'subnet-0a1b2c3d',
      }),
    );

    await expect(attempt).rejects.toThrow(/^Invalid deployment parameters: /);
    const message = await attempt.catch((error: Error) => error.message);
    for (const expected of [
      'ctrPrefix = "/ctr"',
      'bytesScannedCutoffPerQuery = "1000": a whole number from 10000000',
      'parallelizationFactor = "11": a whole number from 1 to 10',
      'apiAuthorization = "open"',
      'dataBucketName = "s3://my-connect-data": an S3 bucket name',
      'agentEventStreamArn is in us-east-1 but the stack deploys to eu-west-2: deploy with --region us-east-1',
      'vpcSubnetIds and vpcSecurityGroupIds: give both',
    ]) {
      expect(message).toContain(expected);
    }
  });
});
