import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from '../../config/env';
import { bootstrapLiveState, type BootstrapSelection, type LiveStateBootstrapDeps, type LiveStateBootstrapReport } from '../../services/live-state-bootstrap.service';
import { AgentStateRepository } from '../../state/agent-state.repository';
import { ConnectCurrentUserDataReader, parseConnectInstanceArn } from '../../state/connect-current-user-data.reader';
import { createDynamoDbClient } from '../../state/dynamodb.client';

/** Usage text of `npm run bootstrap-live-state`. */
export const USAGE = `Usage: npm run bootstrap-live-state -- --instance ARN [--routing-profiles ID,ID | --queues ID,ID | --all-queues] [--force] [--dry-run] [--json]

Warm start of the live agent state: reads Amazon Connect's current agent snapshot (GetCurrentUserData)
and writes it to the agent-state table (AGENT_STATE_TABLE in AWS_REGION, or AWS_ENDPOINT_URL_DYNAMODB),
only when the table holds no agent of the instance yet. The states are marked lastEvent.type BOOTSTRAP;
every agent event newer than a snapshot replaces it, and one already stored is never overwritten.

  --instance ARN            the Connect instance (arn:aws:connect:<region>:<account>:instance/<id>);
                            Connect is called in the ARN's region
  --routing-profiles IDS    only agents of these routing profiles (ids or ARNs, comma-separated)
  --queues IDS              only agents whose routing profile serves these queues (ids or ARNs)
  --all-queues              agents of every STANDARD queue (ListQueues)
                            (default: every routing profile of ListRoutingProfiles, i.e. every agent)
  --force                   run even when the table already holds agents of the instance
  --dry-run                 read Connect and convert, write nothing
  --json                    print the report as JSON
  -h, --help                show this help

Connect permissions: connect:GetCurrentUserData, connect:ListUsers, connect:ListRoutingProfiles,
connect:ListRoutingProfileQueues, connect:ListQueues on the instance. Throttled calls are retried with back-off.

Exit code: 0 done (also when skipped because the instance already has agents), 1 failed (Connect or
DynamoDB refused or failed; the pages before the failure are stored), 2 bad arguments or configuration,
130 interrupted.`;

/** Exit codes of the command. */
export const BOOTSTRAP_EXIT = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130 } as const;

/** Where the command writes, what can stop it, and (tests) what it runs on. */
export interface BootstrapCommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; write(text: string): unknown };
  readonly signal?: AbortSignal;
  /** The environment to configure from (default: the process's, through `loadConfig`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Replaces the reader and repository built from the configuration. */
  readonly deps?: LiveStateBootstrapDeps;
}

class UsageError extends Error {}

const idList = (flag: string, text: string): string[] => {
  const ids = text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  if (ids.length === 0) throw new UsageError(`--${flag} needs at least one id (comma-separated)`);
  return ids;
};

function parseCommandLine(argv: readonly string[]) {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        instance: { type: 'string' },
        queues: { type: 'string' },
        'routing-profiles': { type: 'string' },
        'all-queues': { type: 'boolean' },
        force: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    // parseArgs explains over several lines; keep it on one.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
    throw new UsageError(`${message}${/[.?!]$/.test(message) ? '' : '.'} Run with --help for usage.`);
  }
  if (values.help === true) return { help: true as const };
  if (values.instance === undefined) throw new UsageError('missing --instance (the Connect instance ARN). Run with --help for usage.');
  try {
    parseConnectInstanceArn(values.instance);
  } catch (error) {
    throw new UsageError(`--instance: ${(error as Error).message}`);
  }
  const filters = [values.queues !== undefined && '--queues', values['routing-profiles'] !== undefined && '--routing-profiles', values['all-queues'] === true && '--all-queues'].filter(Boolean);
  if (filters.length > 1) throw new UsageError(`${filters.join(' and ')} exclude each other: give at most one`);
  const selection: BootstrapSelection =
    values.queues !== undefined
      ? { by: 'queues', ids: idList('queues', values.queues) }
      : values['routing-profiles'] !== undefined
        ? { by: 'routingProfiles', ids: idList('routing-profiles', values['routing-profiles']) }
        : values['all-queues'] === true
          ? { by: 'queues' }
          : { by: 'routingProfiles' };
  return { help: false as const, instanceArn: values.instance, selection, force: values.force === true, dryRun: values['dry-run'] === true, json: values.json === true };
}

function reportText(report: LiveStateBootstrapReport, seconds: number): string {
  if (report.outcome === 'skipped') {
    return `bootstrap-live-state: ${report.instanceArn} already has agents in the table: nothing done (use --force to bootstrap anyway; newer states are never overwritten)\n`;
  }
  const unreadable = Object.entries(report.unreadable)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  return [
    `bootstrap-live-state: ${report.instanceArn}${report.outcome === 'dry-run' ? ' (dry run: nothing written)' : ''}`,
    `  filter: ${report.filter ? `${report.filter.ids} ${report.filter.by === 'queues' ? 'queue(s)' : 'routing profile(s)'}` : '-'}, ${report.pages} page(s) in ${seconds.toFixed(1)} s, ${report.throttledRetries} throttled call(s) retried`,
    `  ${report.agents} agent(s) read: ${report.written} written, ${report.kept} kept (a newer state was stored)${unreadable ? `; not convertible: ${unreadable}` : ''}`,
    '',
  ].join('\n');
}

/** A bar on stderr when it is a terminal: filter chunks done, with agents and pages. */
function progressBar(stream: BootstrapCommandIo['stderr']) {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ stream, format: 'bootstrap-live-state [{bar}] chunk {value}/{total} | {agents} agents | {pages} pages', hideCursor: true, clearOnComplete: true });
  let started = false;
  return {
    update(p: { chunk: number; chunks: number; pages: number; agents: number }) {
      if (!started) bar.start(p.chunks, p.chunk, { agents: p.agents, pages: p.pages });
      else bar.update(p.chunk, { agents: p.agents, pages: p.pages });
      started = true;
    },
    stop: () => started && bar.stop(),
  };
}

/** What the operator should do about a failure, when it is one Connect explains by name. */
function failureText(error: unknown): string {
  const e = error as { name?: string; message?: string };
  const text = `${e.name ?? 'Error'}: ${(e.message ?? String(error)).split('\n')[0]}`;
  if (e.name === 'AccessDeniedException') return `${text} — the credentials need connect:GetCurrentUserData, connect:ListUsers, connect:ListRoutingProfiles, connect:ListRoutingProfileQueues and connect:ListQueues on the instance`;
  if (e.name === 'ResourceNotFoundException') return `${text} — check the instance ARN (and that its region is the instance's)`;
  if (e.name === 'ThrottlingException' || e.name === 'TooManyRequestsException') return `${text} — Connect kept throttling after every retry; run again later (pages already written stay)`;
  return text;
}

/**
 * Runs `bootstrap-live-state` with command-line arguments (without `node` and the script). Prints a
 * report, or one line `bootstrap-live-state: <what is wrong and what to do>` on stderr.
 * @returns the exit code ({@link BOOTSTRAP_EXIT}).
 */
export async function runBootstrapLiveStateCommand(argv: readonly string[], io: BootstrapCommandIo): Promise<number> {
  let reader: ConnectCurrentUserDataReader | undefined;
  const bar = progressBar(io.stderr);
  try {
    const args = parseCommandLine(argv);
    if (args.help) {
      io.stdout.write(`${USAGE}\n`);
      return BOOTSTRAP_EXIT.OK;
    }
    let deps = io.deps;
    if (!deps) {
      const config = loadConfig(io.env);
      const client = createDynamoDbClient({ region: config.dynamodb.region, endpoint: config.dynamodb.endpoint, cacheMiddleware: true });
      reader = new ConnectCurrentUserDataReader({ signal: io.signal });
      deps = { reader, repository: new AgentStateRepository({ client, tableName: config.dynamodb.agentStateTable }) };
    }
    const started = Date.now();
    const report = await bootstrapLiveState(deps, { instanceArn: args.instanceArn, selection: args.selection, force: args.force, dryRun: args.dryRun, onProgress: bar.update });
    bar.stop();
    io.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report, (Date.now() - started) / 1000));
    return BOOTSTRAP_EXIT.OK;
  } catch (error) {
    bar.stop();
    if (error instanceof UsageError) {
      io.stderr.write(`bootstrap-live-state: ${error.message}\n`);
      return BOOTSTRAP_EXIT.USAGE;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`bootstrap-live-state: ${error.message}\n`);
      return BOOTSTRAP_EXIT.USAGE;
    }
    if (io.signal?.aborted) {
      io.stderr.write('bootstrap-live-state: interrupted (the pages read before are stored)\n');
      return BOOTSTRAP_EXIT.INTERRUPTED;
    }
    io.stderr.write(`bootstrap-live-state: failed: ${failureText(error)}\n`);
    return BOOTSTRAP_EXIT.FAILED;
  } finally {
    reader?.destroy();
  }
}
