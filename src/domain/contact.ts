/** A contact as services return it: the latest delivery of one CTR, with derived fields. Mirrors the GraphQL `Contact`. */
export interface ContactRecord {
  contactId: string;
  instanceArn: string | null;
  awsAccountId: string | null;
  channel: string | null;
  initiationMethod: string | null;
  initiationTimestamp: Date;
  connectedToSystemTimestamp: Date | null;
  disconnectTimestamp: Date | null;
  lastUpdateTimestamp: Date | null;
  disconnectReason: string | null;
  initialContactId: string | null;
  previousContactId: string | null;
  nextContactId: string | null;
  agentConnectionAttempts: number | null;
  attributes: Record<string, string>;
  queue: {
    arn: string | null;
    name: string | null;
    enqueueTimestamp: Date | null;
    dequeueTimestamp: Date | null;
    durationSeconds: number | null;
  } | null;
  agent: {
    arn: string | null;
    username: string | null;
    connectedToAgentTimestamp: Date | null;
    interactionDurationSeconds: number | null;
    customerHoldDurationSeconds: number | null;
    numberOfHolds: number | null;
    longestHoldDurationSeconds: number | null;
    afterContactWorkStartTimestamp: Date | null;
    afterContactWorkEndTimestamp: Date | null;
    afterContactWorkDurationSeconds: number | null;
    routingProfile: { arn: string | null; name: string | null } | null;
    /** CTR `Agent.HierarchyGroups`, level 1 first; levels without a group are left out. */
    hierarchyGroups: ContactHierarchyGroup[];
  } | null;
  customerEndpoint: ContactEndpoint | null;
  systemEndpoint: ContactEndpoint | null;
  recordingLocation: string | null;
  abandoned: boolean;
  handleTimeSeconds: number | null;
  /** CTR `AWSContactTraceRecordFormatVersion`. */
  awsContactTraceRecordFormatVersion: string | null;
  answeringMachineDetectionStatus: string | null;
  /** CTR `Campaign.CampaignId` (outbound campaigns). */
  campaignId: string | null;
  scheduledTimestamp: Date | null;
  transferCompletedTimestamp: Date | null;
  transferredToEndpoint: ContactEndpoint | null;
  /** CTR `MediaStreams[].Type` (AUDIO, VIDEO, CHAT), in record order. */
  mediaStreams: { type: string | null }[];
  /** CTR `Recording`: the first recording; null when the contact was not recorded. */
  recording: { type: string | null; status: string | null; location: string | null; deletionReason: string | null } | null;
  /** CTR `Recordings`: every recording or transcript. */
  recordings: ContactRecordingItem[];
  /** CTR `References` (task references: `{Name, Type, Value}`; a bare string element becomes the value). */
  references: { name: string | null; type: string | null; value: string | null }[];
  /** CTR `ContactDetails` (`{}` when empty). */
  contactDetails: Record<string, unknown>;
  /** CTR `VoiceIdResult`. */
  voiceIdResult: Record<string, unknown> | null;
}

/** An endpoint of a contact (CTR `Endpoint`). */
export interface ContactEndpoint {
  address: string | null;
  type: string | null;
}

/** One agent hierarchy group of the CTR `Agent.HierarchyGroups`, with its level (1–5). */
export interface ContactHierarchyGroup {
  level: number;
  arn: string;
  name: string | null;
}

/** One entry of the CTR `Recordings` (a call recording or a chat transcript). */
export interface ContactRecordingItem {
  location: string | null;
  mediaStreamType: string | null;
  participantType: string | null;
  startTimestamp: Date | null;
  stopTimestamp: Date | null;
  status: string | null;
  storageType: string | null;
  deletionReason: string | null;
  fragmentStartNumber: string | null;
  fragmentStopNumber: string | null;
}

/** Abandoned, as the CTR model defines it: queued (has an enqueue time) and never connected to an agent. */
export function isAbandoned(c: { queueEnqueueTimestamp: string | null; connectedToAgentTimestamp: string | null; agentArn: string | null }): boolean {
  return c.queueEnqueueTimestamp !== null && c.connectedToAgentTimestamp === null && c.agentArn === null;
}

/** Connect's handle time in seconds: interaction + customer hold + after-contact work; null without an agent interaction. */
export function handleTimeSeconds(a: { interaction: number | null; hold: number | null; afterContactWork: number | null }): number | null {
  if (a.interaction === null) return null;
  return a.interaction + (a.hold ?? 0) + (a.afterContactWork ?? 0);
}

/** Looks up an attribute by name, ignoring case (real CTRs carry keys such as `greetingPlayed` and `GreetingPlayed`). */
export function attributeIgnoringCase(attributes: Record<string, string>, name: string): string | null {
  if (Object.prototype.hasOwnProperty.call(attributes, name)) return attributes[name];
  const wanted = name.toLowerCase();
  const key = Object.keys(attributes).sort().find((k) => k.toLowerCase() === wanted);
  return key === undefined ? null : attributes[key];
}
