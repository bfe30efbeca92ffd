import DataLoader from 'dataloader';
import { contactKeyCacheKey, type ContactKey } from './contact-key';

/** Contacts per batch: bounds the IN list and the union of the contacts' partition windows. */
export const BY_CONTACT_MAX_BATCH_SIZE = 200;

/**
 * A per-request loader of per-contact values: each batch (at most {@link BY_CONTACT_MAX_BATCH_SIZE}
 * contacts) is one call of `read`, which answers one value or Error per key in key order (the
 * contact details reader's methods do). Caches by contact id.
 */
export function createByContactLoader<Value>(read: (keys: readonly ContactKey[]) => Promise<(Value | Error)[]>): DataLoader<ContactKey, Value, string> {
  return new DataLoader<ContactKey, Value, string>(read, { maxBatchSize: BY_CONTACT_MAX_BATCH_SIZE, cacheKeyFn: contactKeyCacheKey });
}
