import type { ContactRecord } from '../../domain/contact';
import type { ContactAnalysisRecord } from '../../domain/contact-analysis';
import type { ContactFlowStep } from '../../domain/contact-journey';
import { partitionsOfContacts, rangeOfPartitions } from '../../domain/contact-partitions';
import type { EvaluationRecord } from '../../domain/evaluation';
import { PARTITION_MARGINS } from '../../domain/partition-planner';
import type { RequestStats } from '../../domain/request-stats';
import type { QueryEngine } from '../query-engine';
import { contactChainsQuery } from '../sql/contact-chain.sql';
import { contactFlowLogsQuery, type ContactFlowLogRow } from '../sql/contact-flow-log.sql';
import { contactLensQuery, type ContactLensRow } from '../sql/contact-lens.sql';
import type { ContactRow } from '../sql/contacts.sql';
import { evaluationsByContactQuery, type EvaluationRow } from '../sql/evaluations.sql';
import type { Scope } from '../sql/scope';
import { readByContact, type ContactRef } from './by-contact.reader';
import { toContactFlowStep } from './contact-flow-log-row.mapper';
import { toContactAnalysis } from './contact-lens-row.mapper';
import { toContactRecord } from './contact-row.mapper';
import { toEvaluationRecord } from './evaluation-row.mapper';
import { runHistoryQuery } from './history-query';

/**
 * Reads what belongs to given contacts beyond their CTR, one engine query per call: journeys (contact
 * flow logs), Contact Lens analyses, evaluations and transfer chains. Every method answers one value
 * (or Error) per contact, in the order given, so a loader can hand a whole batch to one call.
 */
export class ContactDetailsReader {
  constructor(
    private readonly engine: QueryEngine,
    private readonly stats: RequestStats,
  ) {}

  /**
   * Each contact's journey (its contact flow log entries in flow order; `[]` without flow logs), over
   * the days from the contacts' initiation to a day after their disconnect (flow logs are partitioned
   * by CloudWatch arrival).
   */
  journeys(scope: Scope, contacts: readonly ContactRef[]): Promise<(ContactFlowStep[] | Error)[]> {
    return readByContact<ContactFlowLogRow, ContactFlowStep, ContactFlowStep[]>(this.engine, this.stats, scope, contacts, {
      margins: PARTITION_MARGINS.flowLogsOfContacts,
      query: contactFlowLogsQuery,
      toItem: toContactFlowStep,
      toValue: (steps) => steps,
    });
  }

  /**
   * Each contact's Contact Lens analysis (null when it was not analysed), over the days from the
   * contacts' initiation to a day after their disconnect (rows are partitioned by the recording's
   * start, which can be the next UTC day).
   */
  analyses(scope: Scope, contacts: readonly ContactRef[]): Promise<(ContactAnalysisRecord | null | Error)[]> {
    return readByContact<ContactLensRow, ContactAnalysisRecord, ContactAnalysisRecord | null>(this.engine, this.stats, scope, contacts, {
      margins: PARTITION_MARGINS.contactLensOfContacts,
      query: contactLensQuery,
      toItem: toContactAnalysis,
      toValue: (analyses) => analyses[0] ?? null,
    });
  }

  /**
   * Each contact's evaluations in submission order (`[]` when it was not evaluated), over the
   * contacts' look-ahead windows (`PARTITION_MARGINS.evaluationsOfContacts`: submitted up to 30 days
   * after the contact).
   */
  evaluations(scope: Scope, contacts: readonly ContactRef[]): Promise<(EvaluationRecord[] | Error)[]> {
    return readByContact<EvaluationRow, EvaluationRecord, EvaluationRecord[]>(this.engine, this.stats, scope, contacts, {
      margins: PARTITION_MARGINS.evaluationsOfContacts,
      query: evaluationsByContactQuery,
      toItem: toEvaluationRecord,
      toValue: (evaluations) => evaluations,
    });
  }

  /**
   * The members of transfer chains by the chain's initial contact id (`contactId` of each ref): the
   * initial contact and every contact naming it as `InitialContactId`, in initiation order (unordered
   * as a chain: the caller follows `NextContactId`), over the days around the times each ref carries
   * (`PARTITION_MARGINS.transferChainsOfContacts`: pass the times of any member of the chain). A chain
   * without stored contacts reads as `[]`.
   */
  async chains(scope: Scope, chains: readonly ContactRef[]): Promise<ContactRecord[][]> {
    const partitions = partitionsOfContacts(chains, PARTITION_MARGINS.transferChainsOfContacts);
    const query = contactChainsQuery({
      dialect: this.engine.dialect,
      scope,
      initialContactIds: chains.map((k) => k.contactId),
      partitions,
      freshness: rangeOfPartitions(partitions),
    });
    const { rows } = await runHistoryQuery<ContactRow>(this.engine, this.stats, query);
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
    return chains.map((key) => byChain.get(key.contactId) ?? []);
  }
}
