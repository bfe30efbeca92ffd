import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

/** A running embedded DynamoDB (dynalite, in memory, on loopback). */
export interface EmbeddedDynamoDb {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts dynalite on 127.0.0.1, in memory, with instant table creation.
 * @param port - 0 picks a free port.
 * @throws Error when the port is taken.
 */
export async function startEmbeddedDynamoDb(port = 0): Promise<EmbeddedDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`DYNAMODB_PORT ${port} is in use: set DYNAMODB_PORT to a free port or 0.`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    // Resolves whatever close reports (e.g. not running). Keep-alive connections of SDK clients would hold
    // close open: idle ones are closed now, and any left after a second are cut.
    stop: () =>
      new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), 1_000);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
