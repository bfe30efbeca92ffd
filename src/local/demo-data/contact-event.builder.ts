import type { ContactCenterModel } from './contact-center.model';
import type { SimContact } from './simulation.types';

/** Contact event types the simulator emits (the lifecycle of a queued contact). */
export type SimContactEventType = 'INITIATED' | 'QUEUED' | 'CONNECTED_TO_AGENT' | 'DISCONNECTED';

const iso = (ms: number | null): string | undefined => (ms === null ? undefined : new Date(ms).toISOString());

/**
 * An Amazon Connect contact event as EventBridge delivers it (`detail-type` "Amazon Connect Contact
 * Event"), for a simulated contact at `timeMs`: the same contact id, channel, queue and agent as the
 * agent events and CTRs the simulation writes for it.
 */
export function buildContactEvent(model: ContactCenterModel, contact: SimContact, eventType: SimContactEventType, timeMs: number): Record<string, unknown> {
  const queue = contact.queueIndex === null ? undefined : model.queues[contact.queueIndex];
  const instance = model.instance;
  return {
    version: '0',
    id: `${contact.id}-${eventType}-${timeMs}`,
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: instance.awsAccountId,
    time: new Date(timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: instance.region,
    resources: [`${instance.arn}/contact/${contact.id}`, instance.arn],
    detail: {
      eventType,
      contactId: contact.id,
      ...(contact.initialContactId === null ? {} : { initialContactId: contact.initialContactId }),
      ...(contact.previousContactId === null ? {} : { previousContactId: contact.previousContactId }),
      channel: contact.channel,
      instanceArn: instance.arn,
      initiationMethod: contact.initiationMethod,
      initiationTimestamp: iso(contact.initiationMs),
      ...(queue && contact.enqueueMs !== null ? { queueInfo: { queueType: 'STANDARD', queueArn: queue.arn, enqueueTimestamp: iso(contact.enqueueMs) } } : {}),
      ...(contact.agent && contact.connectedToAgentMs !== null && eventType !== 'INITIATED' && eventType !== 'QUEUED'
        ? { agentInfo: { agentArn: contact.agent.model.arn, connectedToAgentTimestamp: iso(contact.connectedToAgentMs) } }
        : {}),
      ...(eventType === 'DISCONNECTED' ? { disconnectTimestamp: iso(timeMs) } : {}),
    },
  };
}
