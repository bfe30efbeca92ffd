import { PassThrough } from 'node:stream';
import { AccessDeniedException, ConnectClient, GetCurrentUserDataCommand, ListQueuesCommand, ListRoutingProfileQueuesCommand, ListRoutingProfilesCommand, ListUsersCommand } from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/embedded-dynamodb';
import { BOOTSTRAP_EXIT, runBootstrapLiveStateCommand } from '../../src/local/bootstrap-live-state/bootstrap-live-state.command';
import { AgentStateRepository } from '../../src/state/agent-state.repository';
import { createDynamoDbClient, ensureAgentStateTable } from '../../src/state/dynamodb.client';
import { QUEUES, ROUTING_PROFILES, userData, userSummary, routingProfileQueuesPage } from '../helpers/connect-user-data';
import { TEST_INSTANCE_ARN } from '../helpers/kinesis-factories';

const connect = mockClient(ConnectClient);
let dynamo: EmbeddedDynamoDb;
const savedCredentials = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

beforeAll(async () => {
  dynamo = await startEmbeddedDynamoDb();
  // The command's DynamoDB client takes the default credential chain; dynalite accepts any key.
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
});
afterAll(async () => {
  await dynamo?.stop();
  connect.restore();
  for (const [name, value] of [['AWS_ACCESS_KEY_ID', savedCredentials.id], ['AWS_SECRET_ACCESS_KEY', savedCredentials.secret]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
beforeEach(() => connect.reset());

/** Runs the command and collects what it printed. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const err = Object.assign(new PassThrough(), { isTTY: false });
  err.on('data', (chunk) => (stderr += String(chunk)));
  const code = await runBootstrapLiveStateCommand(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: err, env });
  return { code, stdout, stderr };
}

describe('npm run bootstrap-live-state: arguments', () => {
  it.each([
    [[], 'bootstrap-live-state: missing --instance (the Connect instance ARN). Run with --help for usage.'],
    [['--instance', 'i-123'], 'bootstrap-live-state: --instance: i-123 is not an Amazon Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<instance id>)'],
    [['--instance', TEST_INSTANCE_ARN, '--queues', 'q1', '--all-queues'], 'bootstrap-live-state: --queues and --all-queues exclude each other: give at most one'],
    [['--instance', TEST_INSTANCE_ARN, '--queues', 'q1', '--routing-profiles', 'rp1'], 'bootstrap-live-state: --queues and --routing-profiles exclude each other: give at most one'],
    [['--instance', TEST_INSTANCE_ARN, '--routing-profiles', ' , '], 'bootstrap-live-state: --routing-profiles needs at least one id (comma-separated)'],
  ])('%j exits 2 with one line saying what to change', async (argv, message) => {
    const out = await run(argv);
    expect(out).toEqual({ code: BOOTSTRAP_EXIT.USAGE, stdout: '', stderr: `${message}\n` });
    expect(connect.calls()).toHaveLength(0);
  });

  it('exits 2 on an unknown option, naming it', async () => {
    const out = await run(['--instance', TEST_INSTANCE_ARN, '--queue', 'q1']);
    expect(out.code).toBe(BOOTSTRAP_EXIT.USAGE);
    expect(out.stderr).toMatch(/^bootstrap-live-state: .*Unknown option '--queue'.*Run with --help for usage\.\n$/);
  });

  it('exits 2 on an invalid configuration, naming the variable', async () => {
    const out = await run(['--instance', TEST_INSTANCE_ARN], { AGENT_STATE_TABLE: 'x' });
    expect(out.code).toBe(BOOTSTRAP_EXIT.USAGE);
    expect(out.stderr).toContain('AGENT_STATE_TABLE');
  });

  it('prints the usage with --help and exits 0', async () => {
    const out = await run(['--help']);
    expect(out.code).toBe(BOOTSTRAP_EXIT.OK);
    expect(out.stdout).toContain('Usage: npm run bootstrap-live-state -- --instance ARN');
  });
});

describe('npm run bootstrap-live-state: runs', () => {
  const env = (table: string) => ({ AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AGENT_STATE_TABLE: table, AWS_REGION: 'us-west-2' });
  let tables = 0;
  const newTable = async () => {
    const name = `cli-bootstrap-${++tables}`;
    await ensureAgentStateTable(createDynamoDbClient({ region: 'us-west-2', endpoint: dynamo.endpoint, localCredentials: true }), name);
    return name;
  };
  const mockConnect = () => {
    connect.on(ListUsersCommand).resolves({ UserSummaryList: ['a1', 'a2'].map(userSummary) });
    connect.on(ListRoutingProfilesCommand).resolves({ RoutingProfileSummaryList: ROUTING_PROFILES });
    connect.on(ListRoutingProfileQueuesCommand).callsFake(routingProfileQueuesPage);
    connect.on(ListQueuesCommand).resolves({ QueueSummaryList: QUEUES });
    connect.on(GetCurrentUserDataCommand).resolves({ UserDataList: [userData('a1', new Date(Date.now() - 60_000)), userData('a2', new Date(Date.now() - 60_000))] });
  };

  it('writes the agents to the configured table, then skips the instance on the next run (exit 0 both)', async () => {
    const table = await newTable();
    mockConnect();

    const first = await run(['--instance', TEST_INSTANCE_ARN, '--routing-profiles', 'rp-sales'], env(table));
    expect(first.code).toBe(BOOTSTRAP_EXIT.OK);
    expect(first.stdout).toContain('2 agent(s) read: 2 written, 0 kept');
    expect(connect.commandCalls(GetCurrentUserDataCommand)[0]!.args[0].input.Filters).toEqual({ RoutingProfiles: ['rp-sales'] });
    const repository = new AgentStateRepository({ client: createDynamoDbClient({ region: 'us-west-2', endpoint: dynamo.endpoint, localCredentials: true }), tableName: table });
    expect(await repository.hasAgents(TEST_INSTANCE_ARN)).toBe(true);

    const second = await run(['--instance', TEST_INSTANCE_ARN, '--json'], env(table));
    expect(second.code).toBe(BOOTSTRAP_EXIT.OK);
    expect(JSON.parse(second.stdout)).toMatchObject({ outcome: 'skipped', written: 0 });
  });

  it('writes nothing with --dry-run', async () => {
    const table = await newTable();
    mockConnect();
    const out = await run(['--instance', TEST_INSTANCE_ARN, '--dry-run'], env(table));
    expect(out.code).toBe(BOOTSTRAP_EXIT.OK);
    expect(out.stdout).toContain('(dry run: nothing written)');
    const repository = new AgentStateRepository({ client: createDynamoDbClient({ region: 'us-west-2', endpoint: dynamo.endpoint, localCredentials: true }), tableName: table });
    expect(await repository.hasAgents(TEST_INSTANCE_ARN)).toBe(false);
  });

  it('exits 1 naming the missing permission when Connect refuses', async () => {
    const table = await newTable();
    connect.on(ListUsersCommand).rejects(new AccessDeniedException({ message: 'User is not authorized to perform: connect:ListUsers', $metadata: { httpStatusCode: 403 } }));
    const out = await run(['--instance', TEST_INSTANCE_ARN], env(table));
    expect(out.code).toBe(BOOTSTRAP_EXIT.FAILED);
    expect(out.stderr).toBe(
      'bootstrap-live-state: failed: AccessDeniedException: User is not authorized to perform: connect:ListUsers — the credentials need connect:GetCurrentUserData, connect:ListUsers, connect:ListRoutingProfiles, connect:ListRoutingProfileQueues and connect:ListQueues on the instance\n',
    );
  });
});
