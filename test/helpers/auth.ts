import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

/** SHA-256 hex of an API key, as the key file stores it. */
export const sha256Hex = (key: string): string => createHash('sha256').update(key).digest('hex');

/** One key of a test key file: the plain key (the test sends it) and what it may do. */
export interface TestApiKey {
  readonly key: string;
  readonly principal: string;
  readonly instances: readonly string[];
  readonly scopes: readonly string[];
}

/** Writes `{"keys":[…]}` (hashes only) to a new temp folder and returns the file's path. */
export function writeApiKeyFile(keys: readonly TestApiKey[] | string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-keys-')), 'api-keys.json');
  const text = typeof keys === 'string' ? keys : JSON.stringify({ keys: keys.map(({ key, ...entry }) => ({ sha256: sha256Hex(key), ...entry })) });
  fs.writeFileSync(file, text);
  return file;
}

/** POSTs a query with extra headers; returns status, headers and parsed body. */
export async function postWithHeaders(url: string, query: string, headers: Record<string, string>): Promise<{ status: number; headers: Headers; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as never };
}

/** How a graphql-ws socket ended, and what it received before. */
export interface WsOutcome {
  readonly code: number;
  readonly reason: string;
  /** Messages received (parsed), in order. */
  readonly messages: { type: string; id?: string; payload?: unknown }[];
}

/**
 * Opens a raw graphql-transport-ws socket to `<url>/graphql`, sends `connection_init` with `payload`,
 * then `then(socket, messages)` once acknowledged (if ever); resolves when the server closes the socket.
 */
export function openGraphqlWs(
  url: string,
  payload: Record<string, unknown> | undefined,
  then?: (socket: WebSocket, messages: WsOutcome['messages']) => void,
): { outcome: Promise<WsOutcome>; socket: WebSocket } {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: WsOutcome['messages'] = [];
  const outcome = new Promise<WsOutcome>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as WsOutcome['messages'][number];
      messages.push(message);
      if (message.type === 'connection_ack') then?.(socket, messages);
    });
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason), messages }));
  });
  return { outcome, socket };
}

/** Polls until `predicate` holds (25 ms steps, up to 15 s). */
export async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
