import 'reflect-metadata';
import pino from 'pino';
import { loadConfig } from '../config/env';
import { startStack } from './stack';

/** `npm start`: start the service and print a banner; exit non-zero with a one-line reason on failure. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, base: { service: 'connect-analytics-graphql' } });
  const stack = await startStack(config, logger, { onDemoDataProgress: process.stderr.isTTY });
  const lines = [
    '',
    '  Connect Analytics GraphQL is ready',
    '',
    `  GraphQL + GraphiQL  ${stack.url}/graphql   (WebSocket subscriptions on the same URL)`,
    `  Health / readiness  ${stack.url}/health  ${stack.url}/ready`,
    `  Prometheus metrics  ${stack.url}/metrics`,
    `  Data folder         ${stack.dataDir}${stack.demoData ? `  (demo data written: ${stack.demoData.contacts} contacts in ${(stack.demoData.durationMs / 1000).toFixed(1)} s)` : ''}`,
    `  History engine      ${stack.engine.name === 'duckdb' ? 'duckdb (embedded)' : `athena (workgroup ${config.athena.workgroup}, database ${config.athena.database})`}, result cache ${config.redisUrl ? 'in-process + Redis' : 'in-process'}`,
    `  Agent state         DynamoDB ${stack.dynamoEndpoint}${stack.embeddedDynamoDb ? ' (embedded dynalite, in memory)' : ''}, table ${config.dynamodb.agentStateTable}`,
    `  Agent events in     POST ${stack.url}/ingest/agent-events${stack.simulating ? `; simulator feeding ${config.data.demoAgents} agents (SIMULATE=0 turns it off)` : ''}`,
    `  Subscriptions       ${stack.pubSub.kind === 'redis' ? 'fanned out through Redis' : 'in-process'}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  logger.info({ url: stack.url, dataDir: stack.dataDir, engine: stack.engine.name, dynamodb: stack.dynamoEndpoint }, 'server started');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`\nCannot start: ${(error as Error).message}\n`);
  process.exit(1);
});
