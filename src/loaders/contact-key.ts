import type { ContactRecord } from '../domain/contact';
import type { ContactRef } from '../history/readers/by-contact.reader';

/**
 * The key of the per-contact loaders: the contact id, plus the contact's times when the caller has
 * them, so one batch reads only the partitions that can hold the contacts' rows. Loaders cache by
 * `contactId` alone.
 */
export type ContactKey = ContactRef;

/** The loader key of a contact the caller already holds (always bounded: a contact has its times). */
export function contactKeyOf(contact: Pick<ContactRecord, 'contactId' | 'initiationTimestamp' | 'disconnectTimestamp'>): ContactKey {
  return { contactId: contact.contactId, initiationTimestamp: contact.initiationTimestamp, disconnectTimestamp: contact.disconnectTimestamp };
}

/** DataLoader's cache key of a {@link ContactKey}. */
export const contactKeyCacheKey = (key: ContactKey): string => key.contactId;
