import type DataLoader from 'dataloader';
import type { ContactRecord } from '../domain/contact';
import type { ContactDetailsReader } from '../history/readers/contact-details.reader';
import type { Scope } from '../history/sql/scope';
import { createByContactLoader } from './by-contact.loader';
import type { ContactKey } from './contact-key';

/**
 * Loads the members of transfer chains by the chain's initial contact id (`key.contactId`), one
 * reader call per batch over the days around the times the key carries (pass the times of the contact
 * that asks, any member of the chain). A chain without stored contacts resolves to `[]`. Create one
 * per request.
 */
export function createContactChainLoader(reader: ContactDetailsReader, scope: Scope): DataLoader<ContactKey, ContactRecord[], string> {
  return createByContactLoader((keys) => reader.chains(scope, keys));
}
