import { FIRST_NAMES, LAST_NAMES } from './names.data';
import { derivePrng } from './prng';

/** The channels the demo contact center handles. */
export const MODEL_CHANNELS = ['VOICE', 'CHAT', 'TASK'] as const;

/** One of {@link MODEL_CHANNELS}. */
export type ModelChannel = (typeof MODEL_CHANNELS)[number];

/** A standard queue. */
export interface QueueModel {
  readonly index: number;
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly channels: readonly ModelChannel[];
}

/** A queue of a routing profile, with the channels it serves there and its priority (1 = first). */
export interface RoutingProfileQueueModel {
  readonly queueIndex: number;
  readonly channels: readonly ModelChannel[];
  readonly priority: number;
}

/** A routing profile: inbound queues, per-channel concurrency and the share of work planned per queue and channel. */
export interface RoutingProfileModel {
  readonly index: number;
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  /** Contacts of one channel an agent can hold at once; voice and tasks are exclusive, chats concurrent. */
  readonly concurrency: readonly { readonly channel: ModelChannel; readonly maximumSlots: number }[];
  readonly queues: readonly RoutingProfileQueueModel[];
  readonly defaultOutboundQueueIndex: number;
  /** How the workforce plan splits this profile's capacity over queue × channel (shares sum to 1). */
  readonly workMix: readonly { readonly queueIndex: number; readonly channel: ModelChannel; readonly share: number }[];
}

/** A group of the agent hierarchy (levels 1–3 are used; 4 and 5 stay empty). */
export interface HierarchyGroupModel {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly level: number;
  readonly parentId: string | null;
}

/** An agent (a Connect user with a routing profile and a hierarchy position) and their work pattern. */
export interface AgentModel {
  readonly index: number;
  readonly id: string;
  readonly arn: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly routingProfileIndex: number;
  /** Hierarchy group ids, Level1 first. */
  readonly hierarchyGroupIds: readonly string[];
  /** The agent's personal queue (transfers to agent); its name is null in agent events. */
  readonly agentQueueArn: string;
  /** Planned shift start, minutes after local midnight. */
  readonly shiftStartMinute: number;
  /** Weekdays off (0 = Sunday). */
  readonly daysOff: readonly number[];
  /** Multiplier on handle times (slower or faster than average). */
  readonly handleTimeFactor: number;
  /** 0–1: how well the agent scores on evaluations. */
  readonly quality: number;
  /** Outbound calls the agent tries to place per shift. */
  readonly outboundCallsPerShift: number;
  /** The team lead who evaluates this agent's contacts (one of the model's evaluators). */
  readonly evaluatorUsername: string;
}

/** An agent status an agent can choose in the CCP, with its `AgentStatus.Type` as Connect publishes it. */
export interface AgentStatusModel {
  readonly id: string;
  readonly arn: string;
  readonly name: 'Available' | 'Offline' | 'Lunch' | 'Break' | 'Training';
  /** Available is ROUTABLE, Offline OFFLINE, custom statuses (Lunch, Break, Training) CUSTOM. */
  readonly type: 'ROUTABLE' | 'CUSTOM' | 'OFFLINE';
}

/** A contact flow, with stable identifiers for its blocks (used by the flow logs). */
export interface ContactFlowModel {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly type: 'CONTACT_FLOW' | 'CUSTOMER_QUEUE' | 'QUEUE_TRANSFER';
  readonly blockIds: Readonly<Record<string, string>>;
}

/** The instance the demo data belongs to. */
export interface InstanceModel {
  readonly id: string;
  readonly arn: string;
  readonly alias: string;
  readonly awsAccountId: string;
  readonly region: string;
  /** IANA zone of the contact center's opening hours and shifts (partitions stay UTC). */
  readonly timeZone: string;
  /** Bucket (and prefix) of call recordings and chat transcripts. */
  readonly recordingBucket: string;
}

/** The directory of a demo contact center: everything the generator routes contacts through. */
export interface ContactCenterModel {
  readonly seed: string;
  readonly instance: InstanceModel;
  readonly queues: readonly QueueModel[];
  readonly routingProfiles: readonly RoutingProfileModel[];
  readonly hierarchyGroups: readonly HierarchyGroupModel[];
  readonly agents: readonly AgentModel[];
  readonly agentStatuses: readonly AgentStatusModel[];
  readonly contactFlows: readonly ContactFlowModel[];
  /** Supervisors (usernames) who submit evaluations. */
  readonly evaluators: readonly string[];
  readonly phoneNumbers: {
    /** The number customers dial (the SimpleInboundFlow). */
    readonly inbound: string;
    /** Caller id of outbound calls and callbacks. */
    readonly outboundCallerId: string;
    /** An external partner number agents sometimes transfer to. */
    readonly externalPartner: string;
  };
  /** Prompt ARN played while customers wait in queue. */
  readonly queuePromptArn: string;
}

/** Queue indexes of the four queues. */
export const QUEUE = { BASIC: 0, SALES: 1, SUPPORT: 2, BILLING: 3 } as const;

/** Routing profile indexes. */
export const ROUTING_PROFILE = { SALES: 0, SUPPORT: 1, BILLING: 2, BASIC: 3 } as const;

/** Contact flow names. */
export const FLOW = {
  INBOUND: 'SimpleInboundFlow',
  CHAT: 'ChatInboundFlow',
  TASK: 'TaskRoutingFlow',
  CUSTOMER_QUEUE: 'Customer queue with callback',
  QUEUE_TRANSFER: 'Default queue transfer',
} as const;

const QUEUE_DEFINITIONS: readonly { name: string; channels: readonly ModelChannel[] }[] = [
  { name: 'BasicQueue', channels: ['VOICE', 'CHAT'] },
  { name: 'Sales', channels: ['VOICE', 'CHAT'] },
  { name: 'Support', channels: ['VOICE', 'CHAT', 'TASK'] },
  { name: 'Billing', channels: ['VOICE', 'CHAT', 'TASK'] },
];

const ROUTING_PROFILE_DEFINITIONS: readonly Omit<RoutingProfileModel, 'index' | 'id' | 'arn'>[] = [
  {
    name: 'Sales Routing Profile',
    concurrency: [
      { channel: 'VOICE', maximumSlots: 1 },
      { channel: 'CHAT', maximumSlots: 2 },
    ],
    queues: [
      { queueIndex: QUEUE.SALES, channels: ['VOICE', 'CHAT'], priority: 1 },
      { queueIndex: QUEUE.BASIC, channels: ['VOICE', 'CHAT'], priority: 2 },
    ],
    defaultOutboundQueueIndex: QUEUE.SALES,
    workMix: [
      { queueIndex: QUEUE.SALES, channel: 'VOICE', share: 0.6 },
      { queueIndex: QUEUE.SALES, channel: 'CHAT', share: 0.25 },
      { queueIndex: QUEUE.BASIC, channel: 'VOICE', share: 0.1 },
      { queueIndex: QUEUE.BASIC, channel: 'CHAT', share: 0.05 },
    ],
  },
  {
    name: 'Support Routing Profile',
    concurrency: [
      { channel: 'VOICE', maximumSlots: 1 },
      { channel: 'CHAT', maximumSlots: 3 },
      { channel: 'TASK', maximumSlots: 1 },
    ],
    queues: [
      { queueIndex: QUEUE.SUPPORT, channels: ['VOICE', 'CHAT', 'TASK'], priority: 1 },
      { queueIndex: QUEUE.BASIC, channels: ['VOICE', 'CHAT'], priority: 2 },
    ],
    defaultOutboundQueueIndex: QUEUE.BASIC,
    workMix: [
      { queueIndex: QUEUE.SUPPORT, channel: 'VOICE', share: 0.55 },
      { queueIndex: QUEUE.SUPPORT, channel: 'CHAT', share: 0.22 },
      { queueIndex: QUEUE.SUPPORT, channel: 'TASK', share: 0.08 },
      { queueIndex: QUEUE.BASIC, channel: 'VOICE', share: 0.1 },
      { queueIndex: QUEUE.BASIC, channel: 'CHAT', share: 0.05 },
    ],
  },
  {
    name: 'Billing Routing Profile',
    concurrency: [
      { channel: 'VOICE', maximumSlots: 1 },
      { channel: 'CHAT', maximumSlots: 2 },
      { channel: 'TASK', maximumSlots: 1 },
    ],
    queues: [
      { queueIndex: QUEUE.BILLING, channels: ['VOICE', 'CHAT', 'TASK'], priority: 1 },
      { queueIndex: QUEUE.SUPPORT, channels: ['VOICE'], priority: 2 },
    ],
    defaultOutboundQueueIndex: QUEUE.BILLING,
    workMix: [
      { queueIndex: QUEUE.BILLING, channel: 'CHAT', share: 0.35 },
      { queueIndex: QUEUE.BILLING, channel: 'TASK', share: 0.2 },
      { queueIndex: QUEUE.SUPPORT, channel: 'VOICE', share: 0.45 },
    ],
  },
  {
    name: 'Basic Routing Profile',
    concurrency: [
      { channel: 'VOICE', maximumSlots: 1 },
      { channel: 'CHAT', maximumSlots: 2 },
    ],
    queues: [
      { queueIndex: QUEUE.BASIC, channels: ['VOICE', 'CHAT'], priority: 1 },
      { queueIndex: QUEUE.SALES, channels: ['VOICE'], priority: 2 },
      { queueIndex: QUEUE.SUPPORT, channels: ['VOICE'], priority: 2 },
    ],
    defaultOutboundQueueIndex: QUEUE.BASIC,
    workMix: [
      { queueIndex: QUEUE.BASIC, channel: 'VOICE', share: 0.5 },
      { queueIndex: QUEUE.BASIC, channel: 'CHAT', share: 0.2 },
      { queueIndex: QUEUE.SALES, channel: 'VOICE', share: 0.15 },
      { queueIndex: QUEUE.SUPPORT, channel: 'VOICE', share: 0.15 },
    ],
  },
];

/** Which routing profile agent `i` gets: a fixed 20-slot pattern (8 Support, 6 Sales, 3 Billing, 3 Basic); the first 4 agents cover all four. */
const ROUTING_PROFILE_PATTERN: readonly number[] = [1, 0, 2, 3, 1, 0, 1, 0, 1, 2, 0, 1, 3, 1, 0, 2, 1, 0, 1, 3];

const DEPARTMENT_BY_PROFILE: readonly string[] = ['Sales', 'Support', 'Billing', 'Front Desk'];
const SITES: readonly string[] = ['Seattle', 'Dallas'];
const AGENTS_PER_TEAM = 12;

/**
 * Planned shift starts (local minutes) for the k-th agent of a routing profile, shaped after the
 * intraday demand curve (most start 07:00–09:00) and ordered so that even a profile with three
 * agents covers the whole opening time (07:00–22:00).
 */
const SHIFT_START_SEQUENCE: readonly number[] = [
  420, 810, 480, 660, 540, 720, 450, 600, 420, 510, 480, 570, 540, 780, 420, 480, 450, 510, 540, 480,
];

/** Weekday pairs off (0 = Sunday) and their weights: most agents are off at the weekend. */
const DAYS_OFF_PATTERNS: readonly (readonly number[])[] = [[6, 0], [0, 1], [5, 6], [2, 3], [3, 4], [4, 5]];
const DAYS_OFF_WEIGHTS: readonly number[] = [45, 15, 15, 10, 8, 7];

const AGENT_STATUS_DEFINITIONS: readonly Pick<AgentStatusModel, 'name' | 'type'>[] = [
  { name: 'Available', type: 'ROUTABLE' },
  { name: 'Offline', type: 'OFFLINE' },
  { name: 'Lunch', type: 'CUSTOM' },
  { name: 'Break', type: 'CUSTOM' },
  { name: 'Training', type: 'CUSTOM' },
];

const FLOW_DEFINITIONS: readonly { name: string; type: ContactFlowModel['type']; blocks: readonly string[] }[] = [
  {
    name: FLOW.INBOUND,
    type: 'CONTACT_FLOW',
    blocks: [
      'SetLoggingBehavior',
      'SetRecordingBehavior',
      'CustomerLookup',
      'SetCustomerTier',
      'Welcome',
      'MainMenu',
      'SetCallReason.RecentPurchase',
      'SetCallReason.RepeatOrder',
      'SetCallReason.NewOrder',
      'SetCallReason.NoSelection',
      'SetWorkingQueue',
      'TransferToQueue',
      'TechnicalDifficulties',
      'Disconnect',
    ],
  },
  { name: FLOW.CHAT, type: 'CONTACT_FLOW', blocks: ['SetLoggingBehavior', 'SetChatTopic', 'Greeting', 'SetWorkingQueue', 'TransferToQueue'] },
  { name: FLOW.TASK, type: 'CONTACT_FLOW', blocks: ['SetLoggingBehavior', 'SetWorkingQueue', 'TransferToQueue'] },
  { name: FLOW.CUSTOMER_QUEUE, type: 'CUSTOMER_QUEUE', blocks: ['QueueMusic', 'CallbackOffer', 'SetCallbackNumber', 'TransferToCallbackQueue'] },
  { name: FLOW.QUEUE_TRANSFER, type: 'QUEUE_TRANSFER', blocks: ['SetLoggingBehavior', 'TransferPrompt', 'TransferToQueue'] },
];

function phoneNumber(prng: ReturnType<typeof derivePrng>, prefix: string, digits: number): string {
  return `${prefix}${prng.digits(digits)}`;
}

/**
 * Builds the directory of the demo contact center for a seed and a number of agents: instance,
 * four queues (BasicQueue, Sales, Support, Billing), four routing profiles with concurrency,
 * a three-level hierarchy (company → site → team), the agents with their shift pattern, the agent
 * statuses (Available, Offline, Lunch, Break, Training), the contact flows and the evaluators.
 *
 * Pure and deterministic: the same `(seed, agents)` always gives the same model, and agent `i` is
 * the same person whatever the agent count (teams are filled in index order). The generator uses
 * exactly this model, so the server can list the agents and queues that appear in the data.
 * @param agents number of agents, ≥ 1.
 */
export function buildContactCenterModel(seed: string | number, agents: number): ContactCenterModel {
  const seedText = String(seed);
  const prng = derivePrng(seedText, 'instance');
  const instanceId = prng.uuid();
  const awsAccountId = prng.digits(12, true);
  const region = 'us-east-1';
  const instanceArn = `arn:aws:connect:${region}:${awsAccountId}:instance/${instanceId}`;
  const alias = 'anycompany-demo';
  const instance: InstanceModel = {
    id: instanceId,
    arn: instanceArn,
    alias,
    awsAccountId,
    region,
    timeZone: 'America/New_York',
    recordingBucket: `amazon-connect-${prng.uuid().slice(-12)}`,
  };

  const idFor = (...labels: readonly (string | number)[]): string => derivePrng(seedText, 'id', ...labels).uuid();

  const queues: QueueModel[] = QUEUE_DEFINITIONS.map((definition, index) => {
    const id = idFor('queue', definition.name);
    return { index, id, arn: `${instanceArn}/queue/${id}`, name: definition.name, channels: definition.channels };
  });

  const routingProfiles: RoutingProfileModel[] = ROUTING_PROFILE_DEFINITIONS.map((definition, index) => {
    const id = idFor('routing-profile', definition.name);
    return { ...definition, index, id, arn: `${instanceArn}/routing-profile/${id}` };
  });

  const agentStatuses: AgentStatusModel[] = AGENT_STATUS_DEFINITIONS.map((definition) => {
    const id = idFor('agent-state', definition.name);
    return { ...definition, id, arn: `${instanceArn}/agent-state/${id}` };
  });

  const contactFlows: ContactFlowModel[] = FLOW_DEFINITIONS.map((definition) => {
    const id = idFor('contact-flow', definition.name);
    const blockIds: Record<string, string> = {};
    for (const block of definition.blocks) blockIds[block] = idFor('contact-flow', definition.name, block);
    return { id, arn: `${instanceArn}/contact-flow/${id}`, name: definition.name, type: definition.type, blockIds };
  });

  const hierarchyGroups: HierarchyGroupModel[] = [];
  const groupsByKey = new Map<string, HierarchyGroupModel>();
  const group = (level: number, name: string, parentId: string | null): HierarchyGroupModel => {
    const key = `${level}/${name}`;
    const existing = groupsByKey.get(key);
    if (existing !== undefined) return existing;
    const id = idFor('agent-group', key);
    const created: HierarchyGroupModel = { id, arn: `${instanceArn}/agent-group/${id}`, name, level, parentId };
    groupsByKey.set(key, created);
    hierarchyGroups.push(created);
    return created;
  };
  const company = group(1, 'AnyCompany', null);

  const usernames = new Set<string>();
  const teamCounts = [0, 0, 0, 0];
  const evaluators: string[] = [];
  const agentModels: AgentModel[] = [];
  for (let index = 0; index < agents; index++) {
    const agentPrng = derivePrng(seedText, 'agent', index);
    const id = agentPrng.uuid();
    const firstName = agentPrng.pick(FIRST_NAMES);
    const lastName = agentPrng.pick(LAST_NAMES);
    const base = `${firstName}.${lastName}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    let username = base;
    for (let suffix = 2; usernames.has(username); suffix++) username = `${base}${suffix}`;
    usernames.add(username);
    const routingProfileIndex = ROUTING_PROFILE_PATTERN[index % ROUTING_PROFILE_PATTERN.length] as number;
    const rankInProfile = teamCounts[routingProfileIndex] as number;
    const teamNumber = Math.floor(rankInProfile / AGENTS_PER_TEAM) + 1;
    teamCounts[routingProfileIndex] = rankInProfile + 1;
    const department = DEPARTMENT_BY_PROFILE[routingProfileIndex] as string;
    const site = group(2, SITES[(teamNumber + routingProfileIndex) % SITES.length] as string, company.id);
    const team = group(3, `${department} Team ${teamNumber}`, site.id);
    const evaluator = `${department.toLowerCase().replace(/\s+/g, '')}.lead${teamNumber}`;
    if (!evaluators.includes(evaluator)) evaluators.push(evaluator);
    agentModels.push({
      index,
      id,
      arn: `${instanceArn}/agent/${id}`,
      username,
      firstName,
      lastName,
      routingProfileIndex,
      hierarchyGroupIds: [company.id, site.id, team.id],
      agentQueueArn: `${instanceArn}/queue/agent/${id}`,
      shiftStartMinute: (SHIFT_START_SEQUENCE[rankInProfile % SHIFT_START_SEQUENCE.length] as number) + 5 * agentPrng.int(-2, 2),
      daysOff: agentPrng.weighted(DAYS_OFF_PATTERNS, DAYS_OFF_WEIGHTS),
      handleTimeFactor: Math.min(1.6, Math.max(0.65, agentPrng.lognormal(1, 0.15))),
      quality: Math.min(0.98, Math.max(0.45, 0.8 + 0.1 * agentPrng.normal())),
      outboundCallsPerShift: routingProfileIndex === ROUTING_PROFILE.SALES ? agentPrng.int(2, 5) : agentPrng.int(0, 1),
      evaluatorUsername: evaluator,
    });
  }

  const numbers = derivePrng(seedText, 'phone-numbers');
  const queuePromptId = idFor('prompt', 'CustomerQueue.wav');
  return {
    seed: seedText,
    instance,
    queues,
    routingProfiles,
    hierarchyGroups,
    agents: agentModels,
    agentStatuses,
    contactFlows,
    evaluators,
    phoneNumbers: {
      inbound: phoneNumber(numbers, '+1800555', 4),
      outboundCallerId: phoneNumber(numbers, '+1800555', 4),
      externalPartner: phoneNumber(numbers, '+1888', 7),
    },
    queuePromptArn: `${instanceArn}/prompt/${queuePromptId}`,
  };
}
