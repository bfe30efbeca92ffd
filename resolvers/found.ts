import { NotFoundError } from '../src/domain/errors';

/**
 * The value a by-id root field looked up, or `NOT_FOUND`. An id of an instance outside the caller's
 * scope is read through the scoped readers and comes back empty exactly like an id that does not
 * exist, so both get this same error and message: a caller learns nothing about other instances.
 * @param what - what was looked up and by which argument, e.g. `contact with this contactId`.
 */
export function found<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) {
    throw new NotFoundError(`No ${what} among the instances you may read. Check the value, or list them first (e.g. with contacts, agents or queues).`);
  }
  return value;
}
