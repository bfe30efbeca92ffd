import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { HierarchyGroupRef } from './agent-state.type';
import { Pii } from './auth.decorators';

/** A phone number or other address of a participant. */
@ObjectType({ description: 'An endpoint of a contact, such as the customer\'s phone number or the number they dialed.' })
export class Endpoint {
  @Pii('endpoint')
  @Field(() => String, { nullable: true, description: 'The address; for TELEPHONE_NUMBER, a phone number in E.164 format.' })
  address: string | null;

  @Field(() => String, { nullable: true, description: 'The endpoint type, e.g. TELEPHONE_NUMBER.' })
  type: string | null;
}

/** A routing profile reference. */
@ObjectType({ description: 'The routing profile of the agent who handled a contact: which queues and channels the agent takes contacts from.' })
export class RoutingProfileRef {
  @Field(() => String, { nullable: true, description: 'Amazon Resource Name of the routing profile.' })
  arn: string | null;

  @Field(() => String, { nullable: true, description: 'Name of the routing profile.' })
  name: string | null;
}

/** Queue information of a contact (CTR `Queue`). */
@ObjectType({ description: 'The queue a contact waited in (the CTR `Queue`). Present when the contact was queued.' })
export class ContactQueueInfo {
  @Field(() => String, { nullable: true, description: 'Amazon Resource Name of the queue.' })
  arn: string | null;

  @Field(() => String, { nullable: true, description: 'Name of the queue.' })
  name: string | null;

  @Field(() => Date, { nullable: true, description: 'When the contact was added to the queue (UTC).' })
  enqueueTimestamp: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the contact left the queue (UTC): the customer disconnected or the contact was connected to an agent.' })
  dequeueTimestamp: Date | null;

  @Field(() => Int, { nullable: true, description: 'Time in queue, in whole seconds: DequeueTimestamp minus EnqueueTimestamp.' })
  durationSeconds: number | null;
}

/** Agent information of a contact (CTR `Agent`). */
@ObjectType({ description: 'The agent who handled a contact and how (the CTR `Agent`). Null when the contact never connected to an agent.' })
export class ContactAgentInfo {
  @Field(() => String, { nullable: true, description: 'Amazon Resource Name of the agent.' })
  arn: string | null;

  @Field(() => String, { nullable: true, description: 'The agent\'s username.' })
  username: string | null;

  @Field(() => Date, { nullable: true, description: 'When the contact was connected to the agent (UTC).' })
  connectedToAgentTimestamp: Date | null;

  @Field(() => Int, { nullable: true, description: 'Time the agent interacted with the customer, in whole seconds (AgentInteractionDuration).' })
  interactionDurationSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'Time the customer spent on hold while connected to the agent, in whole seconds.' })
  customerHoldDurationSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'Number of times the agent put the customer on hold.' })
  numberOfHolds: number | null;

  @Field(() => Int, { nullable: true, description: 'The longest single hold, in whole seconds.' })
  longestHoldDurationSeconds: number | null;

  @Field(() => Date, { nullable: true, description: 'When the agent started after-contact work (UTC).' })
  afterContactWorkStartTimestamp: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the agent finished after-contact work (UTC).' })
  afterContactWorkEndTimestamp: Date | null;

  @Field(() => Int, { nullable: true, description: 'After-contact work time, in whole seconds: AfterContactWorkEndTimestamp minus AfterContactWorkStartTimestamp.' })
  afterContactWorkDurationSeconds: number | null;

  @Field(() => RoutingProfileRef, { nullable: true, description: 'The agent\'s routing profile when the contact was handled.' })
  routingProfile: RoutingProfileRef | null;

  @Field(() => [HierarchyGroupRef], {
    description: 'The agent hierarchy groups of the agent when the contact was handled (CTR `Agent.HierarchyGroups`, up to five levels), level 1 first; levels without a group are left out.',
  })
  hierarchyGroups: HierarchyGroupRef[];
}

/** A media stream of a contact (CTR `MediaStreams[]`). */
@ObjectType({ description: 'A media stream used during the contact (the CTR `MediaStream`).' })
export class ContactMediaStream {
  @Field(() => String, { nullable: true, description: 'The media stream type: AUDIO, VIDEO or CHAT.' })
  type: string | null;
}

/** The first recording of a contact (CTR `Recording`). */
@ObjectType({ description: 'Information about the voice recording of a contact (the CTR `Recording`, which holds the first recording).' })
export class ContactRecording {
  @Field(() => String, { nullable: true, description: 'The recording type: AUDIO.' })
  type: string | null;

  @Field(() => String, { nullable: true, description: 'The recording status: AVAILABLE, DELETED or NULL.' })
  status: string | null;

  @Pii('redact')
  @Field(() => String, { nullable: true, description: 'The location, in Amazon S3, of the recording.' })
  location: string | null;

  @Field(() => String, { nullable: true, description: 'If the recording was deleted, the reason entered for the deletion.' })
  deletionReason: string | null;
}

/** One recording or transcript of a contact (CTR `Recordings[]`). */
@ObjectType({ description: 'A voice recording or chat transcript of a contact (an entry of the CTR `Recordings`).' })
export class ContactRecordingItem {
  @Pii('redact')
  @Field(() => String, { nullable: true, description: 'The location, in Amazon S3, of the recording or transcript.' })
  location: string | null;

  @Field(() => String, { nullable: true, description: 'The media stream recorded: AUDIO, VIDEO or CHAT.' })
  mediaStreamType: string | null;

  @Field(() => String, { nullable: true, description: 'The conversation participant recorded: the agent or the customer.' })
  participantType: string | null;

  @Field(() => Date, { nullable: true, description: 'When the recorded conversation started (UTC).' })
  startTimestamp: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the recorded conversation stopped (UTC).' })
  stopTimestamp: Date | null;

  @Field(() => String, { nullable: true, description: 'The status of the recording or transcript: AVAILABLE, DELETED or NULL.' })
  status: string | null;

  @Field(() => String, { nullable: true, description: 'Where the recording or transcript is stored, e.g. S3.' })
  storageType: string | null;

  @Field(() => String, { nullable: true, description: 'If the recording or transcript was deleted, the reason entered for the deletion.' })
  deletionReason: string | null;

  @Field(() => String, { nullable: true, description: 'The Kinesis Video Streams fragment where the customer audio stream started.' })
  fragmentStartNumber: string | null;

  @Field(() => String, { nullable: true, description: 'The Kinesis Video Streams fragment where the customer audio stream stopped.' })
  fragmentStopNumber: string | null;
}

/** A reference attached to a contact (CTR `References[]`, e.g. a task's URL). */
@ObjectType({ description: 'A reference attached to the contact, such as a URL of a task (an entry of the CTR `References`).' })
export class ContactReference {
  @Field(() => String, { nullable: true, description: 'The name of the reference.' })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'The reference type, e.g. URL, ATTACHMENT, NUMBER, STRING, DATE, EMAIL.' })
  type: string | null;

  @Pii('redact')
  @Field(() => String, { nullable: true, description: 'The value of the reference.' })
  value: string | null;
}

/** A contact: one CTR after de-duplication. */
@ObjectType({
  description:
    'A contact: one customer interaction on one channel, as described by its contact trace record (CTR). CTRs are delivered at least once; this is the latest delivery (greatest LastUpdateTimestamp) for the contact id. A transfer creates a new contact linked through previousContactId / nextContactId / initialContactId.',
})
export class Contact {
  @Field(() => ID, { description: 'The ID of the contact.' })
  contactId: string;

  @Field(() => String, { nullable: true, description: 'Amazon Resource Name of the Amazon Connect instance.' })
  instanceArn: string | null;

  @Field(() => String, { nullable: true, description: 'ID of the AWS account that owns the contact.' })
  awsAccountId: string | null;

  @Field(() => String, { nullable: true, description: 'How the customer reached the contact center, as the CTR says: VOICE, CHAT, TASK or EMAIL today, or any channel Connect adds (returned as sent).' })
  channel: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'How the contact was initiated, as the CTR says: INBOUND, OUTBOUND, TRANSFER, QUEUE_TRANSFER, CALLBACK, API, DISCONNECT, MONITOR, EXTERNAL_OUTBOUND, WEBRTC_API, AGENT_REPLY or FLOW today, or any method Connect adds (returned as sent).',
  })
  initiationMethod: string | null;

  @Field(() => Date, {
    description:
      'When the contact was initiated (UTC). INBOUND: when it arrived; OUTBOUND: when the agent began dialing; CALLBACK: when the callback was created; TRANSFER: when the transfer was initiated; API: when the request arrived.',
  })
  initiationTimestamp: Date;

  @Field(() => Date, { nullable: true, description: 'When the customer endpoint connected to Amazon Connect (UTC). For INBOUND this equals initiationTimestamp.' })
  connectedToSystemTimestamp: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the customer endpoint disconnected from Amazon Connect (UTC).' })
  disconnectTimestamp: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the contact record was last updated (UTC); the greatest value wins among re-deliveries.' })
  lastUpdateTimestamp: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the contact ended, as the CTR says (open-ended): CUSTOMER_DISCONNECT, AGENT_DISCONNECT, THIRD_PARTY_DISCONNECT, TELECOM_PROBLEM, CONTACT_FLOW_DISCONNECT, EXPIRED, OTHER, API …',
  })
  disconnectReason: string | null;

  @Field(() => String, { nullable: true, description: 'ID of the first contact of the chain this contact belongs to (set for transfers).' })
  initialContactId: string | null;

  @Field(() => String, { nullable: true, description: 'ID of the contact before this one in a transfer chain.' })
  previousContactId: string | null;

  @Field(() => String, { nullable: true, description: 'ID of the contact after this one in a transfer chain.' })
  nextContactId: string | null;

  @Field(() => Int, { nullable: true, description: 'Number of times Amazon Connect tried to connect this contact to an agent.' })
  agentConnectionAttempts: number | null;

  @Pii('attributes')
  @Field(() => GraphQLJSONObject, { description: 'The contact attributes set by flows (for example CallReason), as a JSON object of strings. Keys keep the case they were set with.' })
  attributes: Record<string, string>;

  // queueInfo / agentInfo (the CTR's own Queue and Agent) and the queue / agent relations are
  // field resolvers in resolvers/contact.resolver.ts.

  @Field(() => Endpoint, { nullable: true, description: 'The customer\'s endpoint (their phone number for voice).' })
  customerEndpoint: Endpoint | null;

  @Field(() => Endpoint, { nullable: true, description: 'The system endpoint: for INBOUND the number the customer dialed; for OUTBOUND the caller ID used.' })
  systemEndpoint: Endpoint | null;

  @Pii('redact')
  @Field(() => String, { nullable: true, description: 'S3 location of the recording, if the contact was recorded (the same as recording.location).' })
  recordingLocation: string | null;

  @Field(() => ContactRecording, { nullable: true, description: 'The recording of the contact, if recording was enabled (the first recording; see recordings for all).' })
  recording: ContactRecording | null;

  @Field(() => [ContactRecordingItem], { description: 'Every recording or chat transcript of the contact; empty when nothing was recorded.' })
  recordings: ContactRecordingItem[];

  @Field(() => [ContactMediaStream], { description: 'The media streams used during the contact (AUDIO, VIDEO, CHAT).' })
  mediaStreams: ContactMediaStream[];

  @Field(() => Date, { nullable: true, description: 'If the contact was transferred out of Amazon Connect, when the transfer endpoint was connected (UTC).' })
  transferCompletedTimestamp: Date | null;

  @Field(() => Endpoint, { nullable: true, description: 'If the contact was transferred out of Amazon Connect, the transfer endpoint (an external phone number).' })
  transferredToEndpoint: Endpoint | null;

  @Field(() => Date, { nullable: true, description: 'When a scheduled contact (a scheduled callback or task) is due (UTC).' })
  scheduledTimestamp: Date | null;

  @Field(() => String, { nullable: true, description: 'The outbound campaign that placed the contact (CTR `Campaign.CampaignId`).' })
  campaignId: string | null;

  @Field(() => String, { nullable: true, description: 'For outbound campaign calls, what answering machine detection found, e.g. HUMAN_ANSWERED, VOICEMAIL_BEEP.' })
  answeringMachineDetectionStatus: string | null;

  @Field(() => [ContactReference], { description: 'References attached to the contact (tasks carry URLs and other references); empty when none.' })
  references: ContactReference[];

  @Pii('object')
  @Field(() => GraphQLJSONObject, { description: 'The contact details (name, description, reference attributes) as a JSON object; empty when none.' })
  contactDetails: Record<string, unknown>;

  @Pii('redact')
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The Voice ID result of the contact (authentication and fraud detection), as a JSON object; null when Voice ID was not used.' })
  voiceIdResult: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'The record format version (CTR `AWSContactTraceRecordFormatVersion`).' })
  awsContactTraceRecordFormatVersion: string | null;

  @Field(() => Boolean, { description: 'True when the contact was queued (has an enqueue time) and never connected to an agent: the customer abandoned the queue.' })
  abandoned: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Handle time in whole seconds, as Connect defines it: agent interaction + customer hold + after-contact work. Null when no agent handled the contact.',
  })
  handleTimeSeconds: number | null;
}
