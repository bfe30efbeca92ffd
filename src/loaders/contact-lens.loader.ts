import type DataLoader from 'dataloader';
import type { ContactAnalysisRecord } from '../domain/contact-analysis';
import type { ContactDetailsReader } from '../history/readers/contact-details.reader';
import type { Scope } from '../history/sql/scope';
import { createByContactLoader } from './by-contact.loader';
import type { ContactKey } from './contact-key';

/**
 * Loads each contact's Contact Lens analysis, one reader call per batch. A contact that was not
 * analysed resolves to `null`. Create one per request.
 */
export function createAnalysisLoader(reader: ContactDetailsReader, scope: Scope): DataLoader<ContactKey, ContactAnalysisRecord | null, string> {
  return createByContactLoader((keys) => reader.analyses(scope, keys));
}
