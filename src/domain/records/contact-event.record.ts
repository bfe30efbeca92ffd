import { z } from 'zod';

/**
 * Amazon Connect contact events as EventBridge delivers them (`source: aws.connect`,
 * `detail-type: Amazon Connect Contact Event`), or their bare `detail` object. The parser is
 * tolerant in the way the reference asks (`connect-schemas.md` quirk 12, "Enumerations grow"):
 * `eventType`, `channel`, `initiationMethod` and `queueType` are open strings, unknown members are
 * kept out of the way (passthrough is not needed: only the fields below give the live queue state a
 * meaning), and only what live queue state cannot do without is required: the contact id, the
 * instance ARN and the event type.
 */

/** Contact event types documented today; others (Connect adds them) are accepted and read by their fields. */
export const CONTACT_EVENT_TYPES = ['INITIATED', 'QUEUED', 'CONNECTED_TO_AGENT', 'DISCONNECTED', 'CONTACT_DATA_UPDATED', 'COMPLETED'] as const;

/** The EventBridge `detail-type` of contact events. */
export const CONTACT_EVENT_DETAIL_TYPE = 'Amazon Connect Contact Event';

const optionalString = z.string().nullish();

const detailSchema = z.object({
  eventType: z.string().min(1),
  contactId: z.string().min(1),
  instanceArn: z.string().regex(/^arn:[^:]*:connect:[^:]*:[^:]*:instance\/[^/]+$/, 'must be a Connect instance ARN (arn:…:connect:<region>:<account>:instance/<id>)'),
  channel: optionalString,
  initiationMethod: optionalString,
  initiationTimestamp: optionalString,
  disconnectTimestamp: optionalString,
  queueInfo: z
    .object({
      queueArn: optionalString,
      queueType: optionalString,
      enqueueTimestamp: optionalString,
    })
    .nullish(),
  agentInfo: z
    .object({
      agentArn: optionalString,
      connectedToAgentTimestamp: optionalString,
    })
    .nullish(),
});

const envelopeSchema = z.object({
  id: optionalString,
  'detail-type': optionalString,
  source: optionalString,
  time: optionalString,
  detail: z.unknown(),
});

/** The phase of a contact as the live queue state sees it, from the event that was seen last. */
export type ContactPhase = 'INITIATED' | 'QUEUED' | 'CONNECTED' | 'ENDED';

/** Rank of a phase: at equal times the later phase wins (a contact never goes back to an earlier phase). */
export const CONTACT_PHASE_RANK: Readonly<Record<ContactPhase, number>> = { INITIATED: 1, QUEUED: 2, CONNECTED: 3, ENDED: 4 };

/** One contact event, reduced to what live queue state needs. */
export interface ContactEvent {
  /** The EventBridge event id; null for a bare `detail`. */
  readonly eventId: string | null;
  /** As Connect sent it (open: unknown types are data). */
  readonly eventType: string;
  readonly contactId: string;
  readonly instanceArn: string;
  /** Upper-cased (`Voice` and `VOICE` are one channel); null when absent. Unknown channels are kept. */
  readonly channel: string | null;
  readonly initiationMethod: string | null;
  readonly queueArn: string | null;
  readonly queueType: string | null;
  /** ISO timestamps as sent. */
  readonly initiatedAt: string | null;
  readonly enqueuedAt: string | null;
  readonly connectedToAgentAt: string | null;
  readonly disconnectedAt: string | null;
  /** The EventBridge `time`, when the event came in its envelope. */
  readonly publishedAt: string | null;
  /** The phase this event puts the contact in. */
  readonly phase: ContactPhase;
  /** When that phase began (the phase's own timestamp, else the newest timestamp the event carries). */
  readonly phaseAt: string;
}

/** A contact event that cannot be read: the message names the field. */
export class ContactEventError extends Error {
  override readonly name = 'ContactEventError';
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(event)'}: ${issue.message}`).join('; ');
}

/** Epoch ms of an ISO timestamp, or undefined when it is not one. */
function instantMs(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The phase of an event: by its type when Connect documents it, otherwise (CONTACT_DATA_UPDATED,
 * and types Connect adds later) by the furthest timestamp it carries — a disconnect time means
 * ended, an agent connection means connected, an enqueue time means queued.
 */
function phaseOf(eventType: string, d: z.infer<typeof detailSchema>): ContactPhase {
  switch (eventType) {
    case 'INITIATED':
      return 'INITIATED';
    case 'QUEUED':
      return 'QUEUED';
    case 'CONNECTED_TO_AGENT':
      return 'CONNECTED';
    case 'DISCONNECTED':
    case 'COMPLETED':
      return 'ENDED';
    default:
      if (d.disconnectTimestamp) return 'ENDED';
      if (d.agentInfo?.connectedToAgentTimestamp) return 'CONNECTED';
      if (d.queueInfo?.enqueueTimestamp) return 'QUEUED';
      return 'INITIATED';
  }
}

/**
 * Parses one contact event: an EventBridge event (`detail-type` "Amazon Connect Contact Event") or
 * its bare `detail`. Unknown event types, channels and initiation methods are accepted as data.
 * @throws ContactEventError when it is not a contact event (another detail-type, no contact id,
 * instance ARN or event type, no usable timestamp, or a timestamp that is not an instant).
 */
export function parseContactEvent(value: unknown): ContactEvent {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ContactEventError('a contact event must be a JSON object');
  let detailValue: unknown = value;
  let envelope: z.infer<typeof envelopeSchema> | undefined;
  if ('detail' in value) {
    const parsed = envelopeSchema.safeParse(value);
    if (!parsed.success) throw new ContactEventError(issuesText(parsed.error));
    envelope = parsed.data;
    const detailType = envelope['detail-type'];
    if (detailType !== null && detailType !== undefined && detailType !== CONTACT_EVENT_DETAIL_TYPE) {
      throw new ContactEventError(`detail-type is "${detailType}", not "${CONTACT_EVENT_DETAIL_TYPE}"`);
    }
    detailValue = envelope.detail;
  }
  const parsed = detailSchema.safeParse(detailValue);
  if (!parsed.success) throw new ContactEventError(issuesText(parsed.error));
  const d = parsed.data;
  const timestamps: [string, string | null | undefined][] = [
    ['initiationTimestamp', d.initiationTimestamp],
    ['queueInfo.enqueueTimestamp', d.queueInfo?.enqueueTimestamp],
    ['agentInfo.connectedToAgentTimestamp', d.agentInfo?.connectedToAgentTimestamp],
    ['disconnectTimestamp', d.disconnectTimestamp],
    ['time', envelope?.time],
  ];
  for (const [path, ts] of timestamps) {
    if (ts !== null && ts !== undefined && instantMs(ts) === undefined) throw new ContactEventError(`${path}: "${ts}" is not an ISO timestamp`);
  }
  const phase = phaseOf(d.eventType, d);
  const own = { INITIATED: d.initiationTimestamp, QUEUED: d.queueInfo?.enqueueTimestamp, CONNECTED: d.agentInfo?.connectedToAgentTimestamp, ENDED: d.disconnectTimestamp }[phase];
  // The phase's own time when the event has it; else the newest time it carries (the EventBridge `time` included).
  const newest = timestamps
    .map(([, ts]) => ts)
    .filter((ts): ts is string => typeof ts === 'string')
    .sort((a, b) => instantMs(b)! - instantMs(a)!)[0];
  const phaseAt = own ?? newest;
  if (phaseAt === undefined) throw new ContactEventError(`event ${d.eventType} of contact ${d.contactId} has no timestamp (initiationTimestamp, queueInfo.enqueueTimestamp, … or the EventBridge time)`);
  return {
    eventId: envelope?.id ?? null,
    eventType: d.eventType,
    contactId: d.contactId,
    instanceArn: d.instanceArn,
    channel: d.channel ? d.channel.toUpperCase() : null,
    initiationMethod: d.initiationMethod ?? null,
    queueArn: d.queueInfo?.queueArn ?? null,
    queueType: d.queueInfo?.queueType ?? null,
    initiatedAt: d.initiationTimestamp ?? null,
    enqueuedAt: d.queueInfo?.enqueueTimestamp ?? null,
    connectedToAgentAt: d.agentInfo?.connectedToAgentTimestamp ?? null,
    disconnectedAt: d.disconnectTimestamp ?? null,
    publishedAt: envelope?.time ?? null,
    phase,
    phaseAt: new Date(instantMs(phaseAt)!).toISOString(),
  };
}

/**
 * The order of a contact's events as one sortable string: the phase's time (ms, ISO), the phase
 * rank, the event id. A newer key wins; an equal key is a duplicate. Order tolerant: whatever order
 * the events of a contact arrive in, the one with the greatest key is what stays stored.
 */
export function contactEventOrderKey(event: Pick<ContactEvent, 'phaseAt' | 'phase' | 'eventId' | 'eventType'>): string {
  return `${event.phaseAt}#${CONTACT_PHASE_RANK[event.phase]}#${event.eventId ?? event.eventType}`;
}
