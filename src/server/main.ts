import 'reflect-metadata';
import os from 'node:os';
import { loadConfig, type AppConfig } from '../config/env';
import { createServerLogger } from './observability/logger';
import { startStack } from './stack';

/**
 * After SIGTERM/SIGINT the process exits by itself within this time, whatever hangs (exit code 1 then).
 * Below the 10 s that container platforms commonly wait before SIGKILL.
 */
const STOP_DEADLINE_MS = 9_000;

/** How callers authenticate, for the banner. */
function authBanner(config: AppConfig): string {
  if (config.auth.mode === 'apikey') return `API keys in x-api-key (${config.auth.apiKeys.file ?? `secret ${config.auth.apiKeys.secretId}`})`;
  if (config.auth.mode === 'jwt') return `JWT bearer tokens from ${config.auth.jwt.issuer} (audience ${config.auth.jwt.audience})`;
  return config.auth.allowAnonymous ? 'none: every caller is anonymous with every scope (AUTH_ALLOW_ANONYMOUS=1)' : 'none: every caller is anonymous with every scope (loopback only)';
}

/** `npm start`: start the service and print a banner; exit non-zero with a one-line reason on failure. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createServerLogger({ level: config.logLevel, service: 'connect-analytics-graphql' });
  const stack = await startStack(config, logger, { onDemoDataProgress: process.stderr.isTTY });
  const lines = [
    '',
    '  Connect Analytics GraphQL is ready',
    '',
    `  GraphQL + GraphiQL  ${stack.url}/graphql   (WebSocket subscriptions on the same URL)`,
    `  Health / readiness  ${stack.url}/health  ${stack.url}/ready`,
    `  Prometheus metrics  ${stack.metricsUrl}`,
    `  Data folder         ${stack.dataDir}${stack.demoData ? `  (demo data written: ${stack.demoData.contacts} contacts in ${(stack.demoData.durationMs / 1000).toFixed(1)} s)` : ''}`,
    `  History engine      ${stack.engine.name === 'duckdb' ? 'duckdb (embedded)' : `athena (workgroup ${config.athena.workgroup}, database ${config.athena.database})`}, result cache ${config.redisUrl ? 'in-process + Redis' : 'in-process'}`,
    `  Agent state         DynamoDB ${stack.dynamoEndpoint}${stack.embeddedDynamoDb ? ' (embedded dynalite, in memory)' : ''}, table ${config.dynamodb.agentStateTable}`,
    `  Agent events in     POST ${stack.url}/ingest/agent-events${stack.simulating ? `; simulator feeding ${config.data.demoAgents} agents (SIMULATE=0 turns it off)` : ''}`,
    `  Contact events in   POST ${stack.url}/ingest/contact-events (live queue counts)`,
    `  Subscriptions       ${stack.pubSub.kind === 'redis' ? 'fanned out through Redis' : 'in-process'}`,
    `  Authentication      ${authBanner(config)}`,
    '',
  ];

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: the operator does not want to wait.
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(128 + (os.constants.signals[signal] ?? 0));
    }
    stopping = true;
    const startedMs = Date.now();
    logger.info({ signal, deadlineMs: STOP_DEADLINE_MS }, 'shutting down: not ready, no new connections, WebSockets closed (1001), in-flight requests finish');
    // A stop that hangs (a stuck query, a dependency that never answers) must not keep the process alive.
    const deadline = setTimeout(() => {
      logger.error({ signal, deadlineMs: STOP_DEADLINE_MS }, 'did not stop in time: exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    stack.stop().then(
      () => {
        logger.info({ signal, durationMs: Date.now() - startedMs }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The banner says the server is ready: only once a signal can stop it cleanly.
  process.stdout.write(`${lines.join('\n')}\n`);
  logger.info({ url: stack.url, dataDir: stack.dataDir, engine: stack.engine.name, dynamodb: stack.dynamoEndpoint }, 'server started');
}

main().catch((error: unknown) => {
  process.stderr.write(`\nCannot start: ${(error as Error).message}\n`);
  process.exit(1);
});
