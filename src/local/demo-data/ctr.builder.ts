import type { CtrRecord } from '../../domain/records';
import type { AgentModel, ContactCenterModel } from './contact-center.model';
import type { SimContact } from './simulation.types';
import { ctrSecondsBetween, formatCtrTimestamp } from './time.format';

/** Version of the CTR format the stream writes. */
export const CTR_FORMAT_VERSION = '2017-03-10';

type CtrHierarchyGroups = NonNullable<NonNullable<CtrRecord['Agent']>['HierarchyGroups']>;

function ts(ms: number | null): string | null {
  return ms === null ? null : formatCtrTimestamp(ms);
}

/** When the recording of a voice contact starts: the agent's connection, or the customer's answer for outbound calls and callbacks. */
export function recordingStartMs(contact: SimContact): number | null {
  if (contact.initiationMethod === 'OUTBOUND' || contact.initiationMethod === 'CALLBACK') return contact.connectedToSystemMs;
  return contact.connectedToAgentMs;
}

/** `20220105T17:20` for a recording or transcript file name (minute precision, UTC). */
function fileStamp(ms: number): string {
  const iso = formatCtrTimestamp(ms);
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 16)}`;
}

/** S3 location of a call recording, in the shape Connect uses: `<bucket>/connect/<alias>/CallRecordings/YYYY/MM/DD/<contactId>_YYYYMMDDTHH:MM_UTC.wav`. */
export function recordingLocation(model: ContactCenterModel, contactId: string, startMs: number): string {
  const iso = formatCtrTimestamp(startMs);
  return `${model.instance.recordingBucket}/connect/${model.instance.alias}/CallRecordings/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${contactId}_${fileStamp(startMs)}_UTC.wav`;
}

function transcriptLocation(model: ContactCenterModel, contactId: string, startMs: number): string {
  const iso = formatCtrTimestamp(startMs);
  return `${model.instance.recordingBucket}/connect/${model.instance.alias}/ChatTranscripts/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${contactId}_${fileStamp(startMs)}_UTC.json`;
}

/** Builds contact trace records (the 31 keys of the 2022 format, in its key order) from simulated contacts. */
export class CtrBuilder {
  private readonly hierarchyByAgent = new Map<number, CtrHierarchyGroups>();

  constructor(private readonly model: ContactCenterModel) {}

  private hierarchyGroups(agent: AgentModel): CtrHierarchyGroups {
    let groups = this.hierarchyByAgent.get(agent.index);
    if (groups === undefined) {
      const level = (position: number) => {
        const group = this.model.hierarchyGroups.find((candidate) => candidate.id === agent.hierarchyGroupIds[position]);
        return group === undefined ? null : { ARN: group.arn, GroupName: group.name };
      };
      groups = { Level1: level(0), Level2: level(1), Level3: level(2), Level4: null, Level5: null };
      this.hierarchyByAgent.set(agent.index, groups);
    }
    return groups;
  }

  private agentSection(contact: SimContact): CtrRecord['Agent'] {
    const agent = contact.agent;
    if (agent === null || contact.connectedToAgentMs === null) return null;
    const acwStartMs = contact.afterContactWorkStartMs ?? contact.disconnectMs ?? contact.connectedToAgentMs;
    const acwEndMs = contact.afterContactWorkEndMs ?? acwStartMs;
    const connectedSeconds = Math.max(0, ctrSecondsBetween(contact.connectedToAgentMs, acwStartMs));
    let holdSeconds = 0;
    let longestHoldSeconds = 0;
    for (const hold of contact.holds) {
      const seconds = Math.round((hold.endMs - hold.startMs) / 1000);
      holdSeconds += seconds;
      longestHoldSeconds = Math.max(longestHoldSeconds, seconds);
    }
    holdSeconds = Math.min(holdSeconds, connectedSeconds);
    longestHoldSeconds = Math.min(longestHoldSeconds, holdSeconds);
    const profile = agent.routingProfile;
    return {
      ARN: agent.model.arn,
      AfterContactWorkDuration: ctrSecondsBetween(acwStartMs, acwEndMs),
      AfterContactWorkEndTimestamp: ts(acwEndMs),
      AfterContactWorkStartTimestamp: ts(acwStartMs),
      AgentInteractionDuration: connectedSeconds - holdSeconds,
      ConnectedToAgentTimestamp: ts(contact.connectedToAgentMs),
      CustomerHoldDuration: holdSeconds,
      HierarchyGroups: this.hierarchyGroups(agent.model),
      LongestHoldDuration: longestHoldSeconds,
      NumberOfHolds: contact.holds.length,
      RoutingProfile: { ARN: profile.arn, Name: profile.name },
      Username: agent.model.username,
    };
  }

  private queueSection(contact: SimContact): CtrRecord['Queue'] {
    if (contact.queueIndex === null) return null;
    const queue = this.model.queues[contact.queueIndex];
    if (queue === undefined) return null;
    if (contact.outboundQueue || contact.enqueueMs === null) {
      return { ARN: queue.arn, DequeueTimestamp: null, Duration: 0, EnqueueTimestamp: null, Name: queue.name };
    }
    const dequeueMs = contact.dequeueMs ?? contact.enqueueMs;
    return {
      ARN: queue.arn,
      DequeueTimestamp: ts(dequeueMs),
      Duration: ctrSecondsBetween(contact.enqueueMs, dequeueMs),
      EnqueueTimestamp: ts(contact.enqueueMs),
      Name: queue.name,
    };
  }

  /** The CTR of a finished contact, as delivered with `lastUpdateMs` as its `LastUpdateTimestamp`. */
  build(contact: SimContact, lastUpdateMs: number): CtrRecord {
    const model = this.model;
    const isVoice = contact.channel === 'VOICE';
    const recordingStart = isVoice && contact.agent !== null && contact.customerAnswered ? recordingStartMs(contact) : null;
    const location = recordingStart === null ? null : recordingLocation(model, contact.id, recordingStart);
    const transcriptStart = contact.channel === 'CHAT' && contact.connectedToAgentMs !== null ? contact.connectedToAgentMs : null;
    const systemAddress =
      contact.initiationMethod === 'OUTBOUND' || contact.initiationMethod === 'CALLBACK'
        ? model.phoneNumbers.outboundCallerId
        : model.phoneNumbers.inbound;
    return {
      AWSAccountId: model.instance.awsAccountId,
      AWSContactTraceRecordFormatVersion: CTR_FORMAT_VERSION,
      Agent: this.agentSection(contact),
      AgentConnectionAttempts: contact.agentConnectionAttempts,
      AnsweringMachineDetectionStatus: null,
      Attributes: { ...contact.attributes },
      Campaign: { CampaignId: null },
      Channel: contact.channel,
      ConnectedToSystemTimestamp: ts(contact.connectedToSystemMs),
      ContactDetails: {},
      ContactId: contact.id,
      CustomerEndpoint: isVoice && contact.customerPhone !== null && !contact.webCall ? { Address: contact.customerPhone, Type: 'TELEPHONE_NUMBER' } : null,
      DisconnectReason: contact.disconnectReason,
      DisconnectTimestamp: ts(contact.disconnectMs),
      InitialContactId: contact.initialContactId,
      InitiationMethod: contact.initiationMethod,
      InitiationTimestamp: formatCtrTimestamp(contact.initiationMs),
      InstanceARN: model.instance.arn,
      LastUpdateTimestamp: formatCtrTimestamp(lastUpdateMs),
      MediaStreams: contact.channel === 'VOICE' ? [{ Type: 'AUDIO' }] : contact.channel === 'CHAT' ? [{ Type: 'CHAT' }] : [],
      NextContactId: contact.nextContactId,
      PreviousContactId: contact.previousContactId,
      Queue: this.queueSection(contact),
      Recording: location === null ? null : { DeletionReason: null, Location: location, Status: 'AVAILABLE', Type: 'AUDIO' },
      Recordings:
        location !== null
          ? [recordingsItem(location, 'AUDIO')]
          : transcriptStart !== null
            ? [recordingsItem(transcriptLocation(model, contact.id, transcriptStart), 'CHAT')]
            : [],
      References: contact.references.map((reference) => ({ ...reference })),
      ScheduledTimestamp: null,
      SystemEndpoint: isVoice ? { Address: systemAddress, Type: 'TELEPHONE_NUMBER' } : null,
      TransferCompletedTimestamp: ts(contact.transferCompletedMs),
      TransferredToEndpoint:
        contact.transferredToEndpoint === null ? null : { Address: contact.transferredToEndpoint, Type: 'TELEPHONE_NUMBER' },
      VoiceIdResult: null,
    };
  }
}

function recordingsItem(location: string, mediaStreamType: 'AUDIO' | 'CHAT') {
  return {
    DeletionReason: null,
    FragmentStartNumber: null,
    FragmentStopNumber: null,
    Location: location,
    MediaStreamType: mediaStreamType,
    ParticipantType: null,
    StartTimestamp: null,
    Status: 'AVAILABLE',
    StopTimestamp: null,
    StorageType: 'S3',
  };
}
