import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { catalog, rollupCatalog } from '../../src/history/catalog';
import { glueLogicalId, glueTablesTemplate, prefixParameter } from '../../src/history/catalog/glue-resources';
import { agentStateTableInfraResource } from '../../src/history/catalog/write-infra';
import { generateDemoData } from '../../src/local/demo-data';
import { AGENT_STATE_TTL_ATTRIBUTE, agentStateTableDefinition, ROUTING_PROFILE_INDEX } from '../../src/state/agent-state.table';
import { startAthenaLocalEndpoint } from '../helpers/athena-local-endpoint';
import { startS3LocalEndpoint } from '../helpers/s3-local-endpoint';

/**
 * `serverless package` (v3, offline) of serverless.yml, run once, and the CloudFormation template it
 * generates: the functions, the event source mapping, the table, Glue, Athena, IAM. Then the
 * packaged GraphQL bundle is run in a fresh node process (decorator metadata survived bundling).
 */

const SERVICE_DIR = path.resolve(__dirname, '../..');
const SERVERLESS_BIN = require.resolve('serverless/bin/serverless.js');
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111122223333:stream/connect-agent-events';
const CONNECT_INSTANCE_ARN = 'arn:aws:connect:us-east-1:111122223333:instance/8ca95e2f-891b-4e2f-9353-35d1e893233e';
/** The deployment parameters of the packaged stack (one optional parameter changed from its default to see it flow through). */
const PARAMS = {
  dataBucketName: 'connect-data-test',
  agentEventStreamArn: STREAM_ARN,
  ctrPrefix: 'connect/ctr/',
  bytesScannedCutoffPerQuery: '5368709120',
  athenaResultsRetentionDays: '3',
  parallelizationFactor: '2',
  liveStateBootstrapInstances: CONNECT_INSTANCE_ARN,
} as const;

interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}
interface Template {
  readonly Parameters: Record<string, { readonly Type: string; readonly Default?: unknown }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs: Record<string, unknown>;
}
interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Runs the serverless CLI of node_modules in the service folder, offline and without telemetry. */
function runServerless(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVERLESS_BIN, ...args], {
      cwd: SERVICE_DIR,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const paramArgs = (params: Record<string, string>): string[] => Object.entries(params).map(([name, value]) => `--param=${name}=${value}`);

/** The entries of a zip file (stored or deflated), read from its central directory. */
function readZip(file: string): Map<string, Buffer> {
  const zip = fs.readFileSync(file);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const entries = new Map<string, Buffer>();
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i += 1) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedBytes = zip.readUInt32LE(offset + 20);
    const nameBytes = zip.readUInt16LE(offset + 28);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameBytes);
    const local = zip.readUInt32LE(offset + 42);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressedBytes);
    if (!name.endsWith('/')) entries.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameBytes + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

/** An intrinsic as text: `Fn::Sub` strings as written, `Ref X` as `${X}`, `Fn::GetAtt [X, A]` as `${X.A}`. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { 'Fn::Sub'?: string; Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (v['Fn::Sub'] !== undefined) return v['Fn::Sub'];
  if (v.Ref !== undefined) return `\${${v.Ref}}`;
  if (v['Fn::GetAtt'] !== undefined) return `\${${v['Fn::GetAtt'].join('.')}}`;
  throw new Error(`unexpected intrinsic ${JSON.stringify(value)}`);
}

/** A `Fn::Sub` string with the stack parameters' defaults put in (`${!x}` stays the literal `${x}`). */
function substitute(value: unknown, template: Template): string {
  return asText(value).replace(/\$\{(!?)([\w.:]+)\}/g, (whole, bang: string, name: string) => {
    if (bang) return `\${${name}}`;
    const parameter = template.Parameters[name];
    return parameter ? String(parameter.Default) : whole;
  });
}

/** Every statement of every IAM role and policy; a statement under `Fn::If` counts (it may be deployed), with its condition. */
function iamStatements(template: Template): { resource: string; statement: Statement; condition?: string }[] {
  const found: { resource: string; statement: Statement; condition?: string }[] = [];
  const add = (resource: string, document: unknown): void => {
    for (const entry of (document as { Statement: unknown[] }).Statement) {
      const branch = (entry as { 'Fn::If'?: [string, unknown, unknown] })['Fn::If'];
      if (!branch) found.push({ resource, statement: entry as Statement });
      else for (const statement of [branch[1], branch[2]].filter((s) => !(s as { Ref?: string }).Ref)) found.push({ resource, statement: statement as Statement, condition: branch[0] });
    }
  };
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (resource.Properties.Policies as { PolicyDocument: unknown }[] | undefined) ?? []) add(id, policy.PolicyDocument);
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') add(id, resource.Properties.PolicyDocument);
  }
  return found;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const actionsOf = (statement: Statement): string[] => list(statement.Action) as string[];
const resourcesOf = (statement: Statement): string[] => list(statement.Resource).map(asText);
const statementsOf = (template: Template, role: string): Statement[] => iamStatements(template).filter((s) => s.resource === role).map((s) => s.statement);
const statementFor = (template: Template, role: string, action: string): Statement => {
  const statement = statementsOf(template, role).find((s) => actionsOf(s).includes(action));
  if (!statement) throw new Error(`${role} has no statement with ${action}`);
  return statement;
};

describe('serverless package (serverless.yml → CloudFormation)', () => {
  let outDir: string;
  let template: Template;
  let packageOutput: string;

  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-sls-'));
    const run = await runServerless(['package', '--stage', 'test', '--region', 'us-east-1', '--package', outDir, ...paramArgs(PARAMS)]);
    packageOutput = run.output;
    if (run.code !== 0) throw new Error(`serverless package failed (${run.code}):\n${run.output}`);
    template = JSON.parse(fs.readFileSync(path.join(outDir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  }, 180_000);

  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  const resource = (id: string): CfnResource => {
    const found = template.Resources[id];
    if (!found) throw new Error(`no resource ${id} in the template`);
    return found;
  };
  const ofType = (type: string): [string, CfnResource][] => Object.entries(template.Resources).filter(([, r]) => r.Type === type);

  it('packages the four functions on nodejs22.x (arm64), each with its own role and no shared role', () => {
    expect(packageOutput).toContain('Service packaged');
    for (const [id, handler, role] of [
      ['GraphqlLambdaFunction', 'src/lambda/graphql.handler.handler', 'GraphqlRole'],
      ['AgentEventsLambdaFunction', 'src/lambda/agent-events.handler.handler', 'AgentEventsRole'],
      ['ContactEventsLambdaFunction', 'src/lambda/contact-events.handler.handler', 'ContactEventsRole'],
      ['RollupLambdaFunction', 'src/lambda/rollup.handler.handler', 'RollupRole'],
    ] as const) {
      expect(resource(id).Properties).toMatchObject({ Handler: handler, Runtime: 'nodejs22.x', Architectures: ['arm64'], Role: { 'Fn::GetAtt': [role, 'Arn'] } });
    }
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    // No VPC unless vpcSubnetIds and vpcSecurityGroupIds are given.
    expect(resource('GraphqlLambdaFunction').Properties.VpcConfig).toBeUndefined();
    expect(template.Parameters.LambdaInVpc?.Default).toBe('false');
    expect(ofType('AWS::IAM::Role').map(([id]) => id).sort()).toEqual(['AgentEventsRole', 'ContactEventsRole', 'GraphqlRole', 'RollupRole']);
  });

  it('configures the GraphQL function for Athena, the agent-state table and production', () => {
    expect(resource('GraphqlLambdaFunction').Properties.Environment).toEqual({
      Variables: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        AGENT_STATE_TABLE: { Ref: 'AgentStateTable' },
        ENGINE: 'athena',
        ATHENA_DATABASE: { Ref: 'GlueDatabase' },
        ATHENA_WORKGROUP: { Ref: 'AthenaWorkGroup' },
        ATHENA_OUTPUT_LOCATION: { 'Fn::Sub': 's3://${AthenaResultsBucket}/athena-results/' },
        ATHENA_TIMEOUT_MS: '25000',
        ROLLUP_BUCKET: PARAMS.dataBucketName,
        ROLLUP_CTR_PREFIX: PARAMS.ctrPrefix,
        AUTH_MODE: 'none',
      },
    });
    expect(resource('AgentEventsLambdaFunction').Properties.Environment).toEqual({
      Variables: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        AGENT_STATE_TABLE: { Ref: 'AgentStateTable' },
        LIVE_STATE_BOOTSTRAP: '1',
        LIVE_STATE_BOOTSTRAP_INSTANCES: CONNECT_INSTANCE_ARN,
        LIVE_STATE_BOOTSTRAP_TIMEOUT_MS: '20000',
      },
    });
  });

  it('routes POST and GET /graphql and GET /reports, /reports/{file} of an HTTP API (payload 2.0, IAM authorization by default) to the GraphQL function', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['GET /graphql', 'GET /reports', 'GET /reports/{file}', 'POST /graphql']);
    // One integration (the GraphQL function) behind every route.
    expect(new Set(routes.map((r) => JSON.stringify(r.Target)))).toEqual(new Set([JSON.stringify({ 'Fn::Join': ['/', ['integrations', { Ref: 'HttpApiIntegrationGraphql' }]] })]));
    for (const route of routes) expect(route.AuthorizationType).toBe('AWS_IAM');
    expect(resource('HttpApiIntegrationGraphql').Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': ['GraphqlLambdaFunction', 'Arn'] },
    });
    // No corsAllowedOrigins: no CORS configuration, so browsers on other origins get no access.
    expect(resource('HttpApi').Properties.CorsConfiguration).toBeUndefined();
  });

  it('reads the agent event stream with the documented event source mapping settings', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const [, mapping] = mappings[0]!;
    expect(mapping.Properties).toEqual({
      EventSourceArn: STREAM_ARN,
      FunctionName: { 'Fn::GetAtt': ['AgentEventsLambdaFunction', 'Arn'] },
      Enabled: true,
      StartingPosition: 'LATEST',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      ParallelizationFactor: 2,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['AgentEventsFailureQueue', 'Arn'] } } },
    });
    expect(resource('AgentEventsFailureQueue')).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true } });
  });

  it('creates the agent-state table from the one table definition: on demand, PITR, TTL, NEW_IMAGE stream, its indexes', () => {
    const table = resource('AgentStateTable');
    const definition = agentStateTableDefinition('unused');
    expect(table).toEqual(agentStateTableInfraResource());
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: AGENT_STATE_TTL_ATTRIBUTE, Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      KeySchema: definition.KeySchema,
      GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes,
    });
    expect(template.Parameters.AgentStateTableName?.Default).toBe('connect-analytics-test-agent-state');
  });

  it('creates the Glue database, the five catalog tables and the rollup table, with partition projection on the given prefixes', () => {
    expect(resource('GlueDatabase').Properties).toMatchObject({ DatabaseInput: { Name: { Ref: 'GlueDatabaseName' } } });
    expect(template.Parameters.GlueDatabaseName?.Default).toBe('connect_analytics_test');
    const expected = glueTablesTemplate(catalog, rollupCatalog);
    expect(ofType('AWS::Glue::Table').map(([id]) => id).sort()).toEqual(Object.keys(expected).sort());
    for (const [id, table] of Object.entries(expected)) expect(resource(id)).toEqual(table);

    for (const table of catalog) {
      const input = resource(glueLogicalId(table)).Properties.TableInput as { Name: string; Parameters: Record<string, unknown>; StorageDescriptor: { Location: unknown } };
      expect(input.Name).toBe(table.name);
      const prefix = template.Parameters[prefixParameter(table)]?.Default;
      expect(prefix).toBe(table.folder === 'ctr' ? PARAMS.ctrPrefix : `${table.folder}/`);
      expect(input.Parameters).toMatchObject({
        'projection.enabled': 'true',
        'projection.year.type': 'integer',
        'projection.month.type': 'integer',
        'projection.day.type': 'integer',
        'projection.month.digits': '2',
        'projection.day.digits': '2',
      });
      expect(substitute(input.Parameters['storage.location.template'], template)).toBe(`s3://${PARAMS.dataBucketName}/${prefix}year=\${year}/month=\${month}/day=\${day}`);
      expect(substitute(input.StorageDescriptor.Location, template)).toBe(`s3://${PARAMS.dataBucketName}/${prefix}`);
    }
  });

  it('creates an Athena workgroup that enforces its result location, encryption and a bytes-scanned cutoff', () => {
    expect(resource('AthenaWorkGroup').Properties).toMatchObject({
      Name: { Ref: 'AthenaWorkGroupName' },
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: Number(PARAMS.bytesScannedCutoffPerQuery),
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          OutputLocation: { 'Fn::Sub': 's3://${AthenaResultsBucket}/athena-results/' },
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      },
    });
    expect(template.Parameters.AthenaWorkGroupName?.Default).toBe('connect-analytics-test');
  });

  it('keeps Athena results in an encrypted, private bucket whose objects expire', () => {
    expect(resource('AthenaResultsBucket').Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: {
        Rules: [{ Id: 'ExpireAthenaResults', Status: 'Enabled', ExpirationInDays: Number(PARAMS.athenaResultsRetentionDays), AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }],
      },
    });
  });

  it('grants no "*" action, and no "*" resource for Athena, Glue, S3 or DynamoDB beyond objects under a named prefix', () => {
    const statements = iamStatements(template);
    expect(statements.length).toBeGreaterThan(10);
    for (const { resource: role, statement, condition } of statements) {
      const where = `${role} ${statement.Sid ?? JSON.stringify(statement.Action)}`;
      expect(statement.Effect).toBe('Allow');
      for (const action of actionsOf(statement)) expect(`${where}: ${action}`).not.toContain('*');
      const services = new Set(actionsOf(statement).map((a) => a.split(':')[0]));
      // The one "*" resource: Lambda's VPC network interfaces, only when the functions run in a VPC.
      const vpcOnly = condition === 'InVpc' && [...services].every((service) => service === 'ec2');
      for (const arn of resourcesOf(statement)) {
        if (!vpcOnly) expect(`${where}: ${arn}`).not.toMatch(/: \*$/);
        if (services.has('athena') || services.has('glue') || services.has('dynamodb')) expect(`${where}: ${arn}`).not.toContain('*');
        // S3 objects: only "everything under this prefix" (a prefix parameter, the results prefix, or the rollups the rollup job writes).
        if (services.has('s3') && arn.includes('*')) expect(`${where}: ${arn}`).toMatch(/\/(\$\{\w+Prefix\}|athena-results\/|rollups\/)\*$/);
      }
    }
  });

  it('runs the rollup function hourly, writing only under the data bucket\'s rollups/ prefix', () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes('RollupLambdaFunction'));
    expect(rules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual(['cron(20 * * * ? *)']);
    expect(resource('RollupLambdaFunction').Properties).toMatchObject({ Timeout: 900 });
    expect(resource('RollupLambdaFunction').Properties.Environment).toMatchObject({ Variables: { ENGINE: 'athena', ROLLUP_BUCKET: PARAMS.dataBucketName } });
    const writes = statementFor(template, 'RollupRole', 's3:DeleteObject');
    expect(resourcesOf(writes).map((arn) => substitute(arn, template))).toEqual([`arn:\${AWS::Partition}:s3:::${PARAMS.dataBucketName}/rollups/*`]);
    expect(statementsOf(template, 'RollupRole').some((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')))).toBe(false);
  });

  it('gives the rollup role exactly the data-bucket S3 access of its object store: list the CTR and rollups/ prefixes, read them, write and delete only under rollups/', () => {
    const dataBucket = `arn:\${AWS::Partition}:s3:::${PARAMS.dataBucketName}`;
    const statements = statementsOf(template, 'RollupRole');
    /** The data-bucket resources of every RollupRole statement granting `action`. */
    const onDataBucket = (action: string): string[] =>
      statements
        .filter((s) => actionsOf(s).includes(action))
        .flatMap((s) => resourcesOf(s).map((arn) => substitute(arn, template)))
        .filter((arn) => arn === dataBucket || arn.startsWith(`${dataBucket}/`))
        .sort();
    // ListObjectsV2 of a day's CTR partition and of a day's rollup prefix; with s3:ListBucket on the
    // key's prefix, a GetObject of a manifest not written yet answers 404 NoSuchKey (not 403).
    const list = statements.filter((s) => actionsOf(s).includes('s3:ListBucket') && resourcesOf(s).some((arn) => substitute(arn, template) === dataBucket));
    expect(list).toHaveLength(1);
    expect(list[0]!.Condition?.StringLike?.['s3:prefix']).toEqual([{ 'Fn::Sub': '${CtrPrefix}*' }, 'rollups/*']);
    expect(String(template.Parameters.CtrPrefix?.Default)).toBe(PARAMS.ctrPrefix);
    expect(onDataBucket('s3:GetObject')).toEqual([`${dataBucket}/${PARAMS.ctrPrefix}*`, `${dataBucket}/rollups/*`].sort());
    expect(onDataBucket('s3:PutObject')).toEqual([`${dataBucket}/rollups/*`]);
    expect(onDataBucket('s3:DeleteObject')).toEqual([`${dataBucket}/rollups/*`]);
  });

  it('gives the GraphQL role the Athena, Glue, S3 (history and rollups/, read only) and DynamoDB reads of its code, on the stack resources, and the rollup bucket in its environment', () => {
    const athena = statementFor(template, 'GraphqlRole', 'athena:StartQueryExecution');
    expect(actionsOf(athena).sort()).toEqual(['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StartQueryExecution', 'athena:StopQueryExecution']);
    expect(resourcesOf(athena)).toEqual(['arn:${AWS::Partition}:athena:${AWS::Region}:${AWS::AccountId}:workgroup/${AthenaWorkGroup}']);

    const glue = statementFor(template, 'GraphqlRole', 'glue:GetTable');
    expect(actionsOf(glue).sort()).toEqual(['glue:GetDatabase', 'glue:GetTable']);
    const glueBase = 'arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}';
    expect(resourcesOf(glue).sort()).toEqual(
      [`${glueBase}:catalog`, `${glueBase}:database/\${GlueDatabase}`, ...[...catalog, ...rollupCatalog].map((t) => `${glueBase}:table/\${GlueDatabase}/${t.name}`)].sort(),
    );
    expect(rollupCatalog.map((t) => t.name)).toEqual(['connect_ctr_rollup15']);

    const dataBucket = `arn:\${AWS::Partition}:s3:::${PARAMS.dataBucketName}`;
    const objects = statementFor(template, 'GraphqlRole', 's3:GetObject');
    expect(resourcesOf(objects).map((arn) => substitute(arn, template)).sort()).toEqual(
      catalog.map((t) => `${dataBucket}/${String(template.Parameters[prefixParameter(t)]?.Default)}*`).sort(),
    );
    // Athena reads the rollup Parquet and the read planner the manifests with this role: read only, only under rollups/.
    const onDataBucket = (action: string): string[] =>
      statementsOf(template, 'GraphqlRole')
        .filter((s) => actionsOf(s).includes(action))
        .flatMap((s) => resourcesOf(s).map((arn) => substitute(arn, template)))
        .filter((arn) => arn === dataBucket || arn.startsWith(`${dataBucket}/`));
    expect(onDataBucket('s3:GetObject')).toContain(`${dataBucket}/rollups/*`);
    expect(onDataBucket('s3:GetObject').filter((arn) => !catalog.some((t) => arn === `${dataBucket}/${String(template.Parameters[prefixParameter(t)]?.Default)}*`))).toEqual([`${dataBucket}/rollups/*`]);
    for (const write of ['s3:PutObject', 's3:DeleteObject']) expect(onDataBucket(write)).toEqual([]);
    const listData = statementsOf(template, 'GraphqlRole').find((s) => s.Sid === 'ListHistoryPrefixes')!;
    expect(actionsOf(listData)).toEqual(['s3:ListBucket']);
    expect(resourcesOf(listData).map((arn) => substitute(arn, template))).toEqual([dataBucket]);
    expect(listData.Condition?.StringLike?.['s3:prefix']).toHaveLength(catalog.length + 1);
    expect(listData.Condition?.StringLike?.['s3:prefix']).toEqual(expect.arrayContaining([{ 'Fn::Sub': '${CtrPrefix}*' }, 'rollups/*']));
    expect(onDataBucket('s3:ListBucket')).toEqual([dataBucket]);
    // The availability finds the data bucket and its CTR prefix as the rollup function does.
    expect(resource('GraphqlLambdaFunction').Properties.Environment).toMatchObject({ Variables: { ENGINE: 'athena', ROLLUP_BUCKET: PARAMS.dataBucketName, ROLLUP_CTR_PREFIX: PARAMS.ctrPrefix } });
    const results = statementFor(template, 'GraphqlRole', 's3:PutObject');
    expect(resourcesOf(results)).toEqual(['${AthenaResultsBucket.Arn}/athena-results/*']);

    const dynamodb = statementFor(template, 'GraphqlRole', 'dynamodb:Scan');
    expect(actionsOf(dynamodb).sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan']);
    expect(resourcesOf(dynamodb)).toEqual(['${AgentStateTable.Arn}', `\${AgentStateTable.Arn}/index/${ROUTING_PROFILE_INDEX}`]);
    expect(resourcesOf(statementFor(template, 'GraphqlRole', 'logs:PutLogEvents'))).toEqual(['${GraphqlLogGroup.Arn}']);
  });

  it('gives the agent-events role the stream reads, the repository writes, the on-failure queue and its logs', () => {
    const kinesis = statementFor(template, 'AgentEventsRole', 'kinesis:GetRecords');
    expect(resourcesOf(kinesis)).toEqual(['${AgentEventStreamArn}']);
    expect(template.Parameters.AgentEventStreamArn?.Default).toBe(STREAM_ARN);
    const dynamodb = statementFor(template, 'AgentEventsRole', 'dynamodb:PutItem');
    expect(actionsOf(dynamodb).sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(resourcesOf(dynamodb)).toEqual(['${AgentStateTable.Arn}']);
    expect(resourcesOf(statementFor(template, 'AgentEventsRole', 'sqs:SendMessage'))).toEqual(['${AgentEventsFailureQueue.Arn}']);
    expect(resourcesOf(statementFor(template, 'AgentEventsRole', 'logs:PutLogEvents'))).toEqual(['${AgentEventsLogGroup.Arn}']);
    expect(statementsOf(template, 'AgentEventsRole').flatMap(actionsOf).filter((a) => /^(athena|glue|s3):/.test(a))).toEqual([]);
  });

  it('grants the agent-events role the warm start\'s Connect reads on the given instance and the partition Query, only under BootstrapsLiveState', () => {
    expect(template.Parameters.LiveStateBootstrapInstances?.Default).toBe(CONNECT_INSTANCE_ARN);
    expect(template.Conditions?.BootstrapsLiveState).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'LiveStateBootstrapInstances' }, ''] }] });
    const agentEvents = iamStatements(template).filter((s) => s.resource === 'AgentEventsRole');
    const connect = agentEvents.find((s) => actionsOf(s.statement).includes('connect:GetCurrentUserData'))!;
    expect(connect.condition).toBe('BootstrapsLiveState');
    expect(actionsOf(connect.statement).sort()).toEqual(['connect:GetCurrentUserData', 'connect:ListQueues', 'connect:ListRoutingProfileQueues', 'connect:ListRoutingProfiles', 'connect:ListUsers']);
    expect(resourcesOf(connect.statement)).toEqual([CONNECT_INSTANCE_ARN, `${CONNECT_INSTANCE_ARN}/*`]);
    const query = agentEvents.find((s) => actionsOf(s.statement).includes('dynamodb:Query'))!;
    expect(query.condition).toBe('BootstrapsLiveState');
    expect(resourcesOf(query.statement)).toEqual(['${AgentStateTable.Arn}']);
    expect(statementsOf(template, 'GraphqlRole').flatMap(actionsOf).filter((a) => a.startsWith('connect:'))).toEqual([]);
  });

  it('triggers the contact-events function from an EventBridge rule on Connect contact events, failures to an SQS queue', () => {
    // The other rule is the rollup function's schedule.
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern !== undefined);
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0]!;
    expect(rule.Properties).toMatchObject({
      EventPattern: { source: ['aws.connect'], 'detail-type': ['Amazon Connect Contact Event'] },
      State: 'ENABLED',
      Targets: [
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': ['ContactEventsLambdaFunction', 'Arn'] },
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ContactEventsFailureQueue', 'Arn'] } },
        }),
      ],
    });
    // The rollup function's own invoke config (no retries) is not about contact events.
    const invokeConfigs = ofType('AWS::Lambda::EventInvokeConfig')
      .map(([, r]) => r.Properties)
      .filter((p) => (p.FunctionName as { Ref?: string }).Ref !== 'RollupLambdaFunction');
    expect(invokeConfigs).toEqual([
      expect.objectContaining({
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['ContactEventsFailureQueue', 'Arn'] } } },
      }),
    ]);
    expect(resource('ContactEventsFailureQueue')).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true } });
  });

  it('gives the contact-events role only conditional updates of live-contact items, its failure queue and its logs', () => {
    const dynamodb = statementFor(template, 'ContactEventsRole', 'dynamodb:UpdateItem');
    expect(actionsOf(dynamodb)).toEqual(['dynamodb:UpdateItem']);
    expect(resourcesOf(dynamodb)).toEqual(['${AgentStateTable.Arn}']);
    expect(resourcesOf(statementFor(template, 'ContactEventsRole', 'sqs:SendMessage'))).toEqual(['${ContactEventsFailureQueue.Arn}']);
    expect(resourcesOf(statementFor(template, 'ContactEventsRole', 'logs:PutLogEvents'))).toEqual(['${ContactEventsLogGroup.Arn}']);
    expect(statementsOf(template, 'ContactEventsRole').flatMap(actionsOf).filter((a) => /^(athena|glue|s3|kinesis):/.test(a))).toEqual([]);
  });

  it('bundles each function into one file, without DuckDB', () => {
    for (const [zip, entry] of [
      ['graphql.zip', 'src/lambda/graphql.handler.js'],
      ['agentEvents.zip', 'src/lambda/agent-events.handler.js'],
      ['contactEvents.zip', 'src/lambda/contact-events.handler.js'],
      ['rollup.zip', 'src/lambda/rollup.handler.js'],
    ] as const) {
      const entries = readZip(path.join(outDir, zip));
      expect([...entries.keys()]).toEqual([entry]);
      const code = entries.get(entry)!.toString('utf8');
      expect(code).not.toMatch(/require\("@duckdb\//);
      expect(code).not.toMatch(/\.node"\)/);
    }
  });

  /** Invokes the packaged GraphQL bundle once, in a fresh node process configured only from the environment. */
  async function runGraphqlBundle(event: Record<string, unknown>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const dir = fs.mkdtempSync(path.join(outDir, 'graphql-'));
    const bundle = path.join(dir, 'graphql.handler.js');
    fs.writeFileSync(bundle, readZip(path.join(outDir, 'graphql.zip')).get('src/lambda/graphql.handler.js')!);
    const script = `require(${JSON.stringify(bundle)}).handler(${JSON.stringify(event)}, { awsRequestId: 'bundle-test' })
      .then((r) => { process.stdout.write(JSON.stringify(r)); process.exit(0); }, (e) => { console.error(e); process.exit(1); });`;
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script], {
        // NODE_ENV=test keeps introspection on (Apollo turns it off in production).
        env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', ENGINE: 'athena', ATHENA_OUTPUT_LOCATION: 's3://results/athena-results/', AWS_REGION: 'us-east-1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('runs the packaged GraphQL bundle: type-graphql metadata survived bundling', async () => {
    const result = await runGraphqlBundle({
      version: '2.0',
      routeKey: 'POST /graphql',
      rawPath: '/graphql',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST', path: '/graphql' }, requestId: 'bundle-test' },
      body: JSON.stringify({ query: '{ __typename __type(name: "ContactFilter") { inputFields { name } } }' }),
      isBase64Encoded: false,
    });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const response = JSON.parse(result.stdout) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body) as { data: { __typename: string; __type: { inputFields: { name: string }[] } } };
    expect(body.data.__typename).toBe('Query');
    expect(body.data.__type.inputFields.map((f) => f.name)).toEqual(expect.arrayContaining(['from', 'to', 'queue', 'channel', 'agent', 'initiationMethod']));
  });

  it('runs the packaged GraphQL bundle on GET /reports: the trusted-documents manifest travels inside the one-file bundle', async () => {
    const result = await runGraphqlBundle({
      version: '2.0',
      routeKey: 'GET /reports',
      rawPath: '/reports',
      rawQueryString: '',
      headers: {},
      requestContext: { http: { method: 'GET', path: '/reports' }, requestId: 'bundle-reports-test' },
      isBase64Encoded: false,
    });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const response = JSON.parse(result.stdout) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    const manifest = JSON.parse(fs.readFileSync(path.join(SERVICE_DIR, 'dist/persisted-documents.json'), 'utf8')) as Record<string, string>;
    const operationsInManifest = Object.values(manifest).flatMap((document) => [...document.matchAll(/query (Report\w+)/g)].map((m) => m[1]));
    const index = JSON.parse(response.body) as { reports: { name: string }[] };
    // One report per report operation the build registered.
    expect(index.reports).toHaveLength(new Set(operationsInManifest).size);
    expect(index.reports.map((r) => r.name)).toContain('queue-summary');
  });

  it('runs the packaged rollup bundle: S3 and Athena clients from the environment, closed days built, manifests in the bucket', async () => {
    const root = fs.mkdtempSync(path.join(outDir, 'rollup-'));
    const dataDir = path.join(root, 'data');
    // Two closed days before today (the bundle's clock is the real one).
    const start = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 4 * 86_400_000).toISOString().slice(0, 10);
    await generateDemoData({ outDir: dataDir, days: 2, agents: 2, seed: 'rollup-bundle', start, progress: false });
    const athena = await startAthenaLocalEndpoint({ dataDir, runningPolls: 0, buckets: { [PARAMS.dataBucketName]: dataDir } });
    const s3 = await startS3LocalEndpoint({ buckets: { [PARAMS.dataBucketName]: dataDir } });
    try {
      const bundle = path.join(root, 'rollup.handler.js');
      fs.writeFileSync(bundle, readZip(path.join(outDir, 'rollup.zip')).get('src/lambda/rollup.handler.js')!);
      const script = `require(${JSON.stringify(bundle)}).handler({}, { getRemainingTimeInMillis: () => 600000 })
        .then((r) => { process.stdout.write(JSON.stringify(r)); process.exit(0); }, (e) => { console.error(e); process.exit(1); });`;
      const env = {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        ENGINE: 'athena',
        ATHENA_DATABASE: 'connect',
        ATHENA_WORKGROUP: 'rollups',
        ATHENA_OUTPUT_LOCATION: 's3://results/athena-results/',
        ROLLUP_BUCKET: PARAMS.dataBucketName,
        // The local Athena endpoint reads the CTRs at ctr/ of the folder standing for the bucket.
        ROLLUP_CTR_PREFIX: 'ctr/',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_ATHENA: athena.endpoint,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
      };
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ days: 2, built: 2, failed: 0 });
      const manifests = s3.requests.filter((r) => r.operation === 'PutObject').map((r) => r.key);
      expect(manifests).toHaveLength(2);
      expect(manifests.every((key) => key!.startsWith('rollups/_manifests/ctr/'))).toBe(true);
      expect(s3.requests.filter((r) => r.operation === 'ListObjectsV2').length).toBeGreaterThan(0);
    } finally {
      await s3.close();
      await athena.close();
    }
  }, 60_000);
});

describe('serverless package without the required deployment parameters', () => {
  it('fails, naming every missing parameter', async () => {
    const run = await runServerless(['package', '--stage', 'test', '--region', 'us-east-1', '--package', path.join(os.tmpdir(), 'cagql-sls-never-written')]);

    expect(run.code).not.toBe(0);
    expect(run.output).toContain('Missing deployment parameters: dataBucketName, agentEventStreamArn — pass them with --param="name=value"');
    expect(fs.existsSync(path.join(os.tmpdir(), 'cagql-sls-never-written'))).toBe(false);
  }, 120_000);

  it('fails on a stream in another region than the stack, naming the parameter', async () => {
    const run = await runServerless(['package', '--stage', 'test', '--region', 'eu-west-1', ...paramArgs({ ...PARAMS })]);

    expect(run.code).not.toBe(0);
    expect(run.output).toContain('Invalid deployment parameters: agentEventStreamArn is in us-east-1 but the stack deploys to eu-west-1');
  }, 120_000);
});
