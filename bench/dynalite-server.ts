/**
 * Runs the embedded dynalite (`startEmbeddedDynamoDb`) in its own process for the agent-events
 * benchmark, so that the DynamoDB side and the handler do not share one event loop (on AWS they do
 * not share a machine either). Started with `fork()`: sends `{ endpoint }` over IPC once listening,
 * answers `'cpu'` with `{ cpuMicros }` (its CPU time so far, user + system), and stops when the
 * parent disconnects or sends `'stop'`.
 */
import { startEmbeddedDynamoDb } from '../src/local/embedded-dynamodb';

async function main(): Promise<void> {
  const dynamo = await startEmbeddedDynamoDb(0);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void dynamo.stop().finally(() => process.exit(0));
    // Keep-alive connections of the client may hold the server open: do not wait for them.
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.on('message', (message) => {
    if (message === 'stop') stop();
    if (message === 'cpu') {
      const usage = process.cpuUsage();
      process.send?.({ cpuMicros: usage.user + usage.system });
    }
  });
  process.on('disconnect', stop);
  process.send?.({ endpoint: dynamo.endpoint });
}

main().catch((error: unknown) => {
  process.stderr.write(`dynalite-server: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
