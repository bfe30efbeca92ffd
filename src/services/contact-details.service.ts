import type DataLoader from 'dataloader';
import type { ContactRecord } from '../domain/contact';
import type { ContactAnalysisRecord } from '../domain/contact-analysis';
import { dtmfInputsOf, type ContactFlowStep, type DtmfInput } from '../domain/contact-journey';
import type { EvaluationRecord } from '../domain/evaluation';
import { nearContactWindow } from '../domain/contact-lookup';
import { contactKeyOf, type ContactKey } from '../loaders/contact-key';
import type { ContactByIdLoader } from '../loaders/contact.loader';

/** Longest transfer chain followed; a longer one (or a loop in the links) is cut there. */
export const MAX_TRANSFER_CHAIN_LENGTH = 50;

/** The per-request loaders the contact details are read through. */
export interface ContactDetailLoaders {
  readonly contactById: ContactByIdLoader;
  readonly contactChainByInitialContactId: DataLoader<ContactKey, ContactRecord[], string>;
  readonly journeyByContactId: DataLoader<ContactKey, ContactFlowStep[], string>;
  readonly analysisByContactId: DataLoader<ContactKey, ContactAnalysisRecord | null, string>;
  readonly evaluationsByContactId: DataLoader<ContactKey, EvaluationRecord[], string>;
}

/**
 * Per-request reads of what belongs to a contact beyond its CTR: the transfer chain, the journey
 * through contact flows and its DTMF inputs, the Contact Lens analysis and the evaluations. Every
 * read goes through a loader, so a list of contacts costs one engine query per kind of detail.
 */
export class ContactDetailsService {
  constructor(private readonly loaders: ContactDetailLoaders) {}

  /**
   * The contact's transfer chain: the initial contact, then each `NextContactId` in turn, this
   * contact included (just this contact when it was never transferred). Members come from one chain
   * read; a link that read does not hold (a contact outside its days) is looked up by id. The walk
   * stops at a missing contact, a loop or {@link MAX_TRANSFER_CHAIN_LENGTH} contacts.
   */
  async transfersOf(contact: ContactRecord): Promise<ContactRecord[]> {
    const initialId = contact.initialContactId ?? contact.contactId;
    const members = await this.loaders.contactChainByInitialContactId.load({ ...contactKeyOf(contact), contactId: initialId });
    const known = new Map(members.map((m) => [m.contactId, m]));
    known.set(contact.contactId, contact);
    for (const member of members) this.loaders.contactById.prime(member);
    // Chain members start while the contact is in progress: a link the chain read missed is looked up around it, never in the whole history.
    const near = nearContactWindow(contact);
    const find = async (id: string): Promise<ContactRecord | null> => known.get(id) ?? (await this.loaders.contactById.load({ contactId: id, window: near }));

    let first = (await find(initialId)) ?? contact;
    if (first.contactId !== initialId) {
      // The initial contact is unknown: walk back from this contact instead.
      const seen = new Set([first.contactId]);
      while (first.previousContactId && !seen.has(first.previousContactId) && seen.size < MAX_TRANSFER_CHAIN_LENGTH) {
        const previous = await find(first.previousContactId);
        if (!previous) break;
        seen.add(previous.contactId);
        first = previous;
      }
    }
    const chain = [first];
    const seen = new Set([first.contactId]);
    for (let current = first; current.nextContactId && !seen.has(current.nextContactId) && chain.length < MAX_TRANSFER_CHAIN_LENGTH; ) {
      const next = await find(current.nextContactId);
      if (!next) break;
      chain.push(next);
      seen.add(next.contactId);
      current = next;
    }
    return chain;
  }

  /** The contact's journey: its contact flow log entries in flow order (`[]` without flow logs). */
  journeyOf(contact: ContactRecord): Promise<ContactFlowStep[]> {
    return this.loaders.journeyByContactId.load(contactKeyOf(contact));
  }

  /** The customer inputs of the contact's journey (GetUserInput results), in order. Reads the journey, no extra query. */
  async dtmfInputsOf(contact: ContactRecord): Promise<DtmfInput[]> {
    return dtmfInputsOf(await this.journeyOf(contact));
  }

  /** The contact's Contact Lens analysis, or null when it was not analysed. */
  analysisOf(contact: ContactRecord): Promise<ContactAnalysisRecord | null> {
    return this.loaders.analysisByContactId.load(contactKeyOf(contact));
  }

  /** The contact's evaluations, in submission order (`[]` when it was not evaluated). */
  evaluationsOf(contact: ContactRecord): Promise<EvaluationRecord[]> {
    return this.loaders.evaluationsByContactId.load(contactKeyOf(contact));
  }
}
