import type DataLoader from 'dataloader';
import type { EvaluationRecord } from '../domain/evaluation';
import type { ContactDetailsReader } from '../history/readers/contact-details.reader';
import type { Scope } from '../history/sql/scope';
import { createByContactLoader } from './by-contact.loader';
import type { ContactKey } from './contact-key';

/**
 * Loads each contact's evaluations (in submission order), one reader call per batch. A contact
 * without evaluations resolves to `[]`. Create one per request.
 */
export function createEvaluationsByContactLoader(reader: ContactDetailsReader, scope: Scope): DataLoader<ContactKey, EvaluationRecord[], string> {
  return createByContactLoader((keys) => reader.evaluations(scope, keys));
}
