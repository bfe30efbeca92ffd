import type DataLoader from 'dataloader';
import type { ContactFlowStep } from '../domain/contact-journey';
import type { ContactDetailsReader } from '../history/readers/contact-details.reader';
import type { Scope } from '../history/sql/scope';
import { createByContactLoader } from './by-contact.loader';
import type { ContactKey } from './contact-key';

/**
 * Loads each contact's journey (its contact flow log entries in flow order), one reader call per
 * batch. A contact without flow logs resolves to `[]`. Create one per request.
 * @example const steps = await createJourneyLoader(readers.contactDetails, scope).load(contactKeyOf(contact));
 */
export function createJourneyLoader(reader: ContactDetailsReader, scope: Scope): DataLoader<ContactKey, ContactFlowStep[], string> {
  return createByContactLoader((keys) => reader.journeys(scope, keys));
}
