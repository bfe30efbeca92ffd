import DataLoader from 'dataloader';
import type { ContactRecord } from '../domain/contact';
import type { ContactReader } from '../history/readers/contact.reader';
import type { Scope } from '../history/sql/scope';

/**
 * Loads contacts by id, one reader call (one engine query) per batch; a missing id resolves to `null`.
 * Create one per request (the cache is the request's).
 * @example const contact = await createContactLoader(readers.contacts, scope).load(contactId);
 */
export function createContactLoader(reader: ContactReader, scope: Scope): DataLoader<string, ContactRecord | null> {
  return new DataLoader<string, ContactRecord | null>((ids) => reader.byIds(scope, ids), { maxBatchSize: 200 });
}
