import DataLoader from 'dataloader';
import type { ContactRecord } from '../domain/contact';
import type { ContactLookupKey } from '../domain/contact-lookup';
import type { ContactReader } from '../history/readers/contact.reader';
import type { Scope } from '../history/sql/scope';

/** Lookups per batch: bounds the IN list and the union of the lookups' windows. */
export const CONTACT_LOOKUP_MAX_BATCH_SIZE = 200;

/** Per-request lookups of contacts by id, each bounded by its window of days. */
export interface ContactByIdLoader {
  /** The contact of the lookup, or null when its window holds none (in the scope). */
  load(key: ContactLookupKey): Promise<ContactRecord | null>;
  /** Remembers a contact the request already holds: later lookups of its id answer it without a query, whatever their window. */
  prime(contact: ContactRecord): void;
}

const cacheKeyOf = (key: ContactLookupKey): string => `${key.contactId}\u0000${key.window.from.toISOString()}\u0000${key.window.to.toISOString()}`;

/**
 * Loads contacts by bounded lookups, one reader call (one engine query over the union of the batch's
 * windows) per batch. A contact found once (or primed) answers every later lookup of its id; a miss
 * is remembered per window only, since a wider window may still find it. Create one per request.
 * @example const contact = await createContactLoader(readers.contacts, scope).load({ contactId, window });
 */
export function createContactLoader(reader: ContactReader, scope: Scope): ContactByIdLoader {
  const known = new Map<string, ContactRecord>();
  const loader = new DataLoader<ContactLookupKey, ContactRecord | null, string>(
    async (keys) => {
      const contacts = await reader.byIds(scope, keys);
      for (const contact of contacts) if (contact) known.set(contact.contactId, contact);
      return contacts;
    },
    { maxBatchSize: CONTACT_LOOKUP_MAX_BATCH_SIZE, cacheKeyFn: cacheKeyOf },
  );
  return {
    load: (key) => {
      const contact = known.get(key.contactId);
      return contact ? Promise.resolve(contact) : loader.load(key);
    },
    prime: (contact) => {
      known.set(contact.contactId, contact);
    },
  };
}
