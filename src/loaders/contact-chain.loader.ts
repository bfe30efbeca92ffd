import DataLoader from 'dataloader';
import type { ContactRecord } from '../domain/contact';
import { partitionsOfContacts, rangeOfPartitions } from '../domain/contact-partitions';
import { PARTITION_MARGINS } from '../domain/partition-planner';
import type { RequestStats } from '../domain/request-stats';
import type { QueryEngine } from '../history/query-engine';
import { contactChainsQuery } from '../history/sql/contact-chain.sql';
import type { ContactRow } from '../history/sql/contacts.sql';
import type { Scope } from '../history/sql/scope';
import { toContactRecord } from '../services/contact-row.mapper';
import { runHistoryQuery } from '../services/history-runner';
import { BY_CONTACT_MAX_BATCH_SIZE } from './by-contact.loader';
import { contactKeyCacheKey, type ContactKey } from './contact-key';

/**
 * Loads the members of transfer chains by the chain's initial contact id (`key.contactId`): the
 * initial contact and every contact naming it as `InitialContactId`, in initiation order (unordered
 * as a chain: the caller follows `NextContactId`). One engine query per batch, over the days around
 * the times the key carries (`PARTITION_MARGINS.transferChainsOfContacts`: pass the times of the
 * contact that asks, any member of the chain). A chain without stored contacts resolves to `[]`.
 * Create one per request.
 */
export function createContactChainLoader(engine: QueryEngine, stats: RequestStats, scope: Scope): DataLoader<ContactKey, ContactRecord[], string> {
  return new DataLoader<ContactKey, ContactRecord[], string>(
    async (keys) => {
      const partitions = partitionsOfContacts(keys, PARTITION_MARGINS.transferChainsOfContacts);
      const query = contactChainsQuery({
        dialect: engine.dialect,
        scope,
        initialContactIds: keys.map((k) => k.contactId),
        partitions,
        freshness: partitions === undefined ? undefined : rangeOfPartitions(partitions),
      });
      const { rows } = await runHistoryQuery<ContactRow>(engine, stats, query);
      const byChain = new Map<string, ContactRecord[]>();
      const add = (chainId: string, contact: ContactRecord) => {
        const list = byChain.get(chainId);
        if (list) list.push(contact);
        else byChain.set(chainId, [contact]);
      };
      for (const row of rows) {
        const contact = toContactRecord(row);
        add(contact.contactId, contact);
        if (contact.initialContactId !== null && contact.initialContactId !== contact.contactId) add(contact.initialContactId, contact);
      }
      return keys.map((key) => byChain.get(key.contactId) ?? []);
    },
    { maxBatchSize: BY_CONTACT_MAX_BATCH_SIZE, cacheKeyFn: contactKeyCacheKey },
  );
}
