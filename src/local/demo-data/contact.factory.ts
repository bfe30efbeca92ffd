import type { ModelChannel } from './contact-center.model';
import { derivePrng, type Prng } from './prng';
import type { SimContact, SimInitiationMethod } from './simulation.types';

/** What differs between new contacts; the rest starts empty. */
export interface NewContactFields {
  readonly channel: ModelChannel;
  readonly initiationMethod: SimInitiationMethod;
  readonly initiationMs: number;
  readonly queueIndex: number | null;
  readonly attributes: Record<string, string>;
  readonly customerPhone: string | null;
  /** The contact this one continues (transfer, callback): sets the chain ids and depth. */
  readonly previous?: SimContact;
  readonly references?: SimContact['references'];
}

/** Customers per agent in the pool calling numbers are drawn from. */
const CUSTOMER_POOL_PER_AGENT = 400;

/** New contacts with their ids (one id stream per seed) and the customers' numbers. */
export class ContactFactory {
  private readonly idPrng: Prng;
  /** Size of the pool of customer numbers. */
  readonly customerPoolSize: number;

  constructor(seed: string, agentCount: number) {
    this.idPrng = derivePrng(seed, 'contact-ids');
    this.customerPoolSize = Math.max(2000, agentCount * CUSTOMER_POOL_PER_AGENT);
  }

  /** A customer's number drawn from the pool. */
  customerPhone(prng: Prng): string {
    return customerPhone(prng.int(0, this.customerPoolSize - 1));
  }

  newContact(fields: NewContactFields): SimContact {
    const previous = fields.previous;
    return {
      id: this.idPrng.uuid(),
      channel: fields.channel,
      initiationMethod: fields.initiationMethod,
      initiationMs: fields.initiationMs,
      connectedToSystemMs: fields.initiationMethod === 'OUTBOUND' || fields.initiationMethod === 'CALLBACK' ? null : fields.initiationMs,
      queueIndex: fields.queueIndex,
      outboundQueue: fields.initiationMethod === 'OUTBOUND',
      enqueueMs: null,
      dequeueMs: null,
      phase: 'FLOW',
      waitToken: 0,
      patienceDeadlineMs: Infinity,
      attributes: fields.attributes,
      customerPhone: fields.customerPhone,
      previousContactId: previous?.id ?? null,
      initialContactId: previous === undefined ? null : (previous.initialContactId ?? previous.id),
      nextContactId: null,
      chainDepth: previous === undefined ? 0 : previous.chainDepth + 1,
      webCall: fields.initiationMethod === 'WEBRTC_API' || (fields.initiationMethod === 'TRANSFER' && previous?.webCall === true),
      agentConnectionAttempts: 0,
      agent: null,
      connectedToAgentMs: null,
      holds: [],
      disconnectMs: null,
      disconnectReason: null,
      afterContactWorkStartMs: null,
      afterContactWorkEndMs: null,
      transferCompletedMs: null,
      transferredToEndpoint: null,
      customerAnswered: true,
      references: fields.references ?? [],
    };
  }
}

/** A deterministic customer phone number for a pool index (E.164, US). */
function customerPhone(index: number): string {
  const area = 201 + ((index * 7919) % 788);
  const line = (index * 2654435761) % 10_000_000;
  return `+1${area}${String(line).padStart(7, '0')}`;
}
