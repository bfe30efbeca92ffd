import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { attributeIgnoringCase, type ContactRecord } from '../src/domain/contact';
import type { ContactAnalysisRecord } from '../src/domain/contact-analysis';
import type { ContactFlowStep as ContactFlowStepRecord, DtmfInput as DtmfInputRecord } from '../src/domain/contact-journey';
import type { EvaluationRecord } from '../src/domain/evaluation';
import type { RequestContext } from '../src/services/request-context';
import { ContactAnalysis } from '../schema/contact-analysis.type';
import { ContactsArgs } from '../schema/contact.args';
import { ContactConnection } from '../schema/contact-connection.type';
import { ContactFlowStep, DtmfInput } from '../schema/contact-journey.type';
import { Contact, ContactAgentInfo, ContactQueueInfo } from '../schema/contact.type';
import { Evaluation } from '../schema/evaluation.type';
import { Agent } from '../schema/agent.type';
import { Queue } from '../schema/queue.type';
import { toAgentView } from './agent.view';
import { Pii, RequiresScope } from '../schema/auth.decorators';

/** Root fields and relations of contacts. Thin: arguments to the contact service. */
@Resolver(() => Contact)
export class ContactResolver {
  @RequiresScope('contacts:read')
  @Query(() => Contact, {
    nullable: true,
    description:
      'One contact by its id: the latest delivery of its contact trace record. A lookup never reads the whole history: it reads the UTC days of `initiatedAfter`/`initiatedBefore` when given, and otherwise only the server\'s last CONTACT_LOOKUP_MAX_DAYS days (7 by default, today included). A contact not initiated in those days, one that does not exist, and one of an instance outside your access are the same `NOT_FOUND` error, whose message says how to widen the search.',
  })
  async contact(
    @Arg('contactId', () => ID, { description: 'The contact id (CTR ContactId).' }) contactId: string,
    @Arg('initiatedAfter', () => Date, {
      nullable: true,
      description:
        'Hint: the contact was initiated at or after this ISO-8601 date-time. With `initiatedBefore` the days between the two are read (at most MAX_RANGE_DAYS apart, else `RANGE_TOO_LARGE`); alone, the days from it to now.',
    })
    initiatedAfter: Date | null | undefined,
    @Arg('initiatedBefore', () => Date, {
      nullable: true,
      description: 'Hint: the contact was initiated before this ISO-8601 date-time. Alone, the CONTACT_LOOKUP_MAX_DAYS days before it are read.',
    })
    initiatedBefore: Date | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ContactRecord> {
    return ctx.services.contacts.getContact(contactId, { initiatedAfter, initiatedBefore });
  }

  @RequiresScope('contacts:read')
  @Query(() => ContactConnection, {
    description:
      'Contacts initiated in a time range, de-duplicated (one per contact id, the latest delivery), ordered by initiation time then contact id, paged with `first`/`after`.',
  })
  contacts(@Args(() => ContactsArgs) { filter, first, after }: ContactsArgs, @Ctx() ctx: RequestContext): Promise<ContactConnection> {
    return ctx.services.contacts.listContacts(filter, first, after);
  }

  @Pii('attribute')
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The value of one contact attribute, looking the name up without regard to case (CallReason, callreason and CALLREASON are the same). Null when absent.',
  })
  attribute(@Root() contact: ContactRecord, @Arg('name', () => String, { description: 'Attribute name.' }) name: string): string | null {
    return attributeIgnoringCase(contact.attributes, name);
  }

  @FieldResolver(() => ContactQueueInfo, {
    nullable: true,
    description: 'How the contact waited: the CTR `Queue` (queue, enqueue and dequeue times, time in queue). Null when it was never queued. The queue itself, with statistics and live counts, is `queue`.',
  })
  queueInfo(@Root() contact: ContactRecord): ContactRecord['queue'] {
    return contact.queue;
  }

  @FieldResolver(() => ContactAgentInfo, {
    nullable: true,
    description: 'How the agent handled the contact: the CTR `Agent` (interaction, hold, after-contact work, routing profile and hierarchy at the time). Null when it never connected to an agent (for example abandoned in queue). The agent, with live state and statistics, is `agent`.',
  })
  agentInfo(@Root() contact: ContactRecord): ContactRecord['agent'] {
    return contact.agent;
  }

  @RequiresScope('metrics:read')
  @FieldResolver(() => Agent, {
    nullable: true,
    description:
      'The agent who handled the contact, with live state, status history and statistics (batched: one directory lookup for a whole page). Null when no agent handled it, or the agent has no events in the directory window; the CTR\'s own agent data is in `agentInfo`.',
  })
  async agent(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<Agent | null> {
    const arn = contact.agent?.arn;
    if (!arn) return null;
    const entry = await ctx.loaders.agentById.load(arn);
    return entry ? toAgentView(entry) : null;
  }

  @RequiresScope('metrics:read')
  @FieldResolver(() => Queue, {
    nullable: true,
    description: 'The queue the contact waited in, with statistics and live counts. Null when it was never queued; the CTR\'s queue timing is in `queueInfo`.',
  })
  async queue(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<Queue | null> {
    const arn = contact.queue?.arn;
    if (!arn) return null;
    const known = await ctx.services.directory.getQueue({ id: arn, name: null });
    return known ? { id: known.queueId, arn: known.queueArn, name: known.name } : { id: arn.split('/').pop() ?? arn, arn, name: contact.queue?.name ?? null };
  }

  @RequiresScope('contacts:read')
  @FieldResolver(() => Contact, {
    nullable: true,
    description: 'The previous contact in the transfer chain (previousContactId), if any; looked up in the days around this contact (a day before its initiation to a day after its disconnect).',
  })
  previousContact(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<ContactRecord | null> | null {
    return contact.previousContactId ? ctx.services.contacts.linkedContact(contact, contact.previousContactId) : null;
  }

  @RequiresScope('contacts:read')
  @FieldResolver(() => Contact, {
    nullable: true,
    description: 'The next contact in the transfer chain (nextContactId), if any; looked up in the days around this contact (a day before its initiation to a day after its disconnect).',
  })
  nextContact(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<ContactRecord | null> | null {
    return contact.nextContactId ? ctx.services.contacts.linkedContact(contact, contact.nextContactId) : null;
  }

  @RequiresScope('contacts:read')
  @FieldResolver(() => Contact, {
    nullable: true,
    description: 'The first contact of the chain (initialContactId); null when this contact is the first. Looked up in the days around this contact (a day before its initiation to a day after its disconnect).',
  })
  initialContact(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<ContactRecord | null> | null {
    return contact.initialContactId && contact.initialContactId !== contact.contactId ? ctx.services.contacts.linkedContact(contact, contact.initialContactId) : null;
  }

  @RequiresScope('contacts:read')
  @FieldResolver(() => [Contact], {
    description:
      'The whole transfer chain this contact belongs to, in order: the initial contact, then each nextContactId in turn (transfers, queued callbacks), this contact included. Just this contact when it was never transferred.',
  })
  transfers(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<ContactRecord[]> {
    return ctx.services.contactDetails.transfersOf(contact);
  }

  @RequiresScope('contacts:read')
  @FieldResolver(() => [ContactFlowStep], {
    description:
      'The contact\'s journey through contact flows: every logged flow block in the order it ran (the contact flow logs, joined by contact id across the days they were delivered). Empty when the flows logged nothing.',
  })
  journey(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<ContactFlowStepRecord[]> {
    return ctx.services.contactDetails.journeyOf(contact);
  }

  @RequiresScope('contacts:read')
  @FieldResolver(() => [DtmfInput], { description: 'The customer\'s inputs in the contact flows (the results of GetUserInput blocks of the journey), in order.' })
  dtmfInputs(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<DtmfInputRecord[]> {
    return ctx.services.contactDetails.dtmfInputsOf(contact);
  }

  @RequiresScope('contacts:read')
  @FieldResolver(() => ContactAnalysis, {
    nullable: true,
    description:
      'Contact Lens post-call analytics of the contact (sentiment, categories, talk time …), joined by contact id even when the analysis is stored on a later day. Null when the contact was not analysed (chats, tasks, unrecorded calls).',
  })
  analysis(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<ContactAnalysisRecord | null> {
    return ctx.services.contactDetails.analysisOf(contact);
  }

  @RequiresScope('contacts:read')
  @FieldResolver(() => [Evaluation], {
    description: 'The submitted evaluations of the contact, in submission order (submitted up to 30 days after the contact are found). Empty when it was not evaluated.',
  })
  evaluations(@Root() contact: ContactRecord, @Ctx() ctx: RequestContext): Promise<EvaluationRecord[]> {
    return ctx.services.contactDetails.evaluationsOf(contact);
  }
}
