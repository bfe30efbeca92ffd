import type { AgentEventRecord, AgentSnapshotContact } from '../../src/domain/records';
import { agentEventRecord, snapshotContact } from './kinesis-factories';

/** An agent of a wallboard scenario. */
export interface BoardAgent {
  readonly id: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** A queue of a wallboard scenario. */
export interface BoardQueue {
  readonly arn: string;
  readonly name: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();
let sequence = 0;

/**
 * A STATE_CHANGE agent event of `instanceArn` at `atMs`: the agent in `statusName` (Available, Lunch,
 * Offline …) with `contacts` (each `{queue, state, channel}`), taking contacts from `queues`.
 */
export function boardAgentEvent(
  instanceArn: string,
  agent: BoardAgent,
  queues: readonly BoardQueue[],
  statusName: string,
  atMs: number,
  contacts: readonly { queue: BoardQueue; state: string; channel?: string }[] = [],
): AgentEventRecord {
  sequence += 1;
  const account = instanceArn.split(':')[4]!;
  const snapshotContacts: AgentSnapshotContact[] = contacts.map((c, i) =>
    snapshotContact({ ContactId: `wb-${agent.id}-${sequence}-${i}`, Channel: c.channel ?? 'VOICE', State: c.state, Queue: { ARN: c.queue.arn, Name: c.queue.name }, StateStartTimestamp: iso(atMs), QueueTimestamp: iso(atMs - 5_000), ConnectedToAgentTimestamp: c.state === 'CONNECTED' ? iso(atMs) : null }),
  );
  const record = agentEventRecord({ agentId: agent.id, username: agent.username, statusName, contacts: snapshotContacts, EventId: `wb-${agent.id}-${sequence}`, EventTimestamp: iso(atMs), InstanceARN: instanceArn, AWSAccountId: account, AgentARN: `${instanceArn}/agent/${agent.id}` });
  const current = record.CurrentAgentSnapshot!;
  const configuration = current.Configuration;
  const routingProfile = { ...configuration.RoutingProfile!, ARN: `${instanceArn}/routing-profile/wb-rp`, InboundQueues: queues.map((q) => ({ ARN: q.arn, Name: q.name })), DefaultOutboundQueue: { ARN: queues[0]!.arn, Name: queues[0]!.name } };
  return {
    ...record,
    PreviousAgentSnapshot: null,
    CurrentAgentSnapshot: {
      ...current,
      AgentStatus: { ...current.AgentStatus, StartTimestamp: iso(atMs) },
      Configuration: { ...configuration, FirstName: agent.firstName, LastName: agent.lastName, RoutingProfile: routingProfile },
    },
  } as AgentEventRecord;
}

/** POSTs agent events to `/ingest/agent-events`; throws unless every one was accepted. */
export async function postAgentEvents(url: string, events: readonly unknown[], headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(`${url}/ingest/agent-events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(events) });
  const body = (await res.json()) as { rejected?: unknown[]; failed?: unknown[] };
  if (res.status >= 300 || (body.rejected?.length ?? 0) > 0 || (body.failed?.length ?? 0) > 0) throw new Error(`agent ingest answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
}

/** Contact events (EventBridge detail shape) putting a new contact in `queue` at `atMs`. */
export function queuedContactEvents(instanceArn: string, queue: BoardQueue, contactId: string, atMs: number): unknown[] {
  const common = { contactId, instanceArn, channel: 'VOICE', initiationMethod: 'INBOUND', initiationTimestamp: iso(atMs - 4_000) };
  const queueInfo = { queueArn: queue.arn, queueType: 'STANDARD', enqueueTimestamp: iso(atMs) };
  return [
    { ...common, eventType: 'INITIATED' },
    { ...common, eventType: 'QUEUED', queueInfo },
  ];
}

/** POSTs contact events to `/ingest/contact-events`; throws unless every one was accepted. */
export async function postContactEvents(url: string, events: readonly unknown[], headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(`${url}/ingest/contact-events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(events) });
  const body = (await res.json()) as { rejected?: unknown[]; failed?: unknown[] };
  if (res.status >= 300 || (body.rejected?.length ?? 0) > 0 || (body.failed?.length ?? 0) > 0) throw new Error(`contact ingest answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
}
