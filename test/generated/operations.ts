/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

/** How the customer reached the contact center (the CTR `Channel`). */
export type Channel =
  /** A chat conversation. */
  | 'CHAT'
  /** An email contact. */
  | 'EMAIL'
  /** A task (work item routed like a contact). */
  | 'TASK'
  /** A phone call. */
  | 'VOICE';

/** A contact: one customer interaction on one channel, as described by its contact trace record (CTR). CTRs are delivered at least once; this is the latest delivery (greatest LastUpdateTimestamp) for the contact id. A transfer creates a new contact linked through previousContactId / nextContactId / initialContactId. */
export type Contact = {
  __typename?: 'Contact';
  /** True when the contact was queued (has an enqueue time) and never connected to an agent: the customer abandoned the queue. */
  abandoned: Scalars['Boolean']['output'];
  /** The agent who handled the contact; null when it never connected to an agent (for example abandoned in queue). */
  agent?: Maybe<ContactAgentInfo>;
  /** Number of times Amazon Connect tried to connect this contact to an agent. */
  agentConnectionAttempts?: Maybe<Scalars['Int']['output']>;
  /** The value of one contact attribute, looking the name up without regard to case (CallReason, callreason and CALLREASON are the same). Null when absent. */
  attribute?: Maybe<Scalars['String']['output']>;
  /** The contact attributes set by flows (for example CallReason), as a JSON object of strings. Keys keep the case they were set with. */
  attributes: Scalars['JSONObject']['output'];
  /** ID of the AWS account that owns the contact. */
  awsAccountId?: Maybe<Scalars['String']['output']>;
  /** How the customer reached the contact center: VOICE, CHAT, TASK or EMAIL. */
  channel?: Maybe<Scalars['String']['output']>;
  /** When the customer endpoint connected to Amazon Connect (UTC). For INBOUND this equals initiationTimestamp. */
  connectedToSystemTimestamp?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The ID of the contact. */
  contactId: Scalars['ID']['output'];
  /** The customer's endpoint (their phone number for voice). */
  customerEndpoint?: Maybe<Endpoint>;
  /** Why the contact ended, e.g. CUSTOMER_DISCONNECT, AGENT_DISCONNECT, TELECOM_PROBLEM, CONTACT_FLOW_DISCONNECT. */
  disconnectReason?: Maybe<Scalars['String']['output']>;
  /** When the customer endpoint disconnected from Amazon Connect (UTC). */
  disconnectTimestamp?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Handle time in whole seconds, as Connect defines it: agent interaction + customer hold + after-contact work. Null when no agent handled the contact. */
  handleTimeSeconds?: Maybe<Scalars['Int']['output']>;
  /** The first contact of the chain (initialContactId); null when this contact is the first. */
  initialContact?: Maybe<Contact>;
  /** ID of the first contact of the chain this contact belongs to (set for transfers). */
  initialContactId?: Maybe<Scalars['String']['output']>;
  /** How the contact was initiated: INBOUND, OUTBOUND, TRANSFER, QUEUE_TRANSFER, CALLBACK, API, DISCONNECT, MONITOR or EXTERNAL_OUTBOUND. */
  initiationMethod?: Maybe<Scalars['String']['output']>;
  /** When the contact was initiated (UTC). INBOUND: when it arrived; OUTBOUND: when the agent began dialing; CALLBACK: when the callback was created; TRANSFER: when the transfer was initiated; API: when the request arrived. */
  initiationTimestamp: Scalars['DateTimeISO']['output'];
  /** Amazon Resource Name of the Amazon Connect instance. */
  instanceArn?: Maybe<Scalars['String']['output']>;
  /** When the contact record was last updated (UTC); the greatest value wins among re-deliveries. */
  lastUpdateTimestamp?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The next contact in the transfer chain (nextContactId), if any. */
  nextContact?: Maybe<Contact>;
  /** ID of the contact after this one in a transfer chain. */
  nextContactId?: Maybe<Scalars['String']['output']>;
  /** The previous contact in the transfer chain (previousContactId), if any. */
  previousContact?: Maybe<Contact>;
  /** ID of the contact before this one in a transfer chain. */
  previousContactId?: Maybe<Scalars['String']['output']>;
  /** The queue the contact waited in, if it was queued. */
  queue?: Maybe<ContactQueueInfo>;
  /** S3 location of the recording, if the contact was recorded. */
  recordingLocation?: Maybe<Scalars['String']['output']>;
  /** The system endpoint: for INBOUND the number the customer dialed; for OUTBOUND the caller ID used. */
  systemEndpoint?: Maybe<Endpoint>;
};


/** A contact: one customer interaction on one channel, as described by its contact trace record (CTR). CTRs are delivered at least once; this is the latest delivery (greatest LastUpdateTimestamp) for the contact id. A transfer creates a new contact linked through previousContactId / nextContactId / initialContactId. */
export type ContactAttributeArgs = {
  name: Scalars['String']['input'];
};

/** The agent who handled a contact and how (the CTR `Agent`). Null when the contact never connected to an agent. */
export type ContactAgentInfo = {
  __typename?: 'ContactAgentInfo';
  /** After-contact work time, in whole seconds: AfterContactWorkEndTimestamp minus AfterContactWorkStartTimestamp. */
  afterContactWorkDurationSeconds?: Maybe<Scalars['Int']['output']>;
  /** When the agent finished after-contact work (UTC). */
  afterContactWorkEndTimestamp?: Maybe<Scalars['DateTimeISO']['output']>;
  /** When the agent started after-contact work (UTC). */
  afterContactWorkStartTimestamp?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Amazon Resource Name of the agent. */
  arn?: Maybe<Scalars['String']['output']>;
  /** When the contact was connected to the agent (UTC). */
  connectedToAgentTimestamp?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Time the customer spent on hold while connected to the agent, in whole seconds. */
  customerHoldDurationSeconds?: Maybe<Scalars['Int']['output']>;
  /** Time the agent interacted with the customer, in whole seconds (AgentInteractionDuration). */
  interactionDurationSeconds?: Maybe<Scalars['Int']['output']>;
  /** The longest single hold, in whole seconds. */
  longestHoldDurationSeconds?: Maybe<Scalars['Int']['output']>;
  /** Number of times the agent put the customer on hold. */
  numberOfHolds?: Maybe<Scalars['Int']['output']>;
  /** The agent's routing profile when the contact was handled. */
  routingProfile?: Maybe<RoutingProfileRef>;
  /** The agent's username. */
  username?: Maybe<Scalars['String']['output']>;
};

/** A page of contacts ordered by initiation time, then contact id (a Relay connection). */
export type ContactConnection = {
  __typename?: 'ContactConnection';
  /** The contacts of this page. */
  edges: Array<ContactEdge>;
  /** Where this page stands in the list. */
  pageInfo: PageInfo;
};

/** A contact in a list, with the cursor that points at it. */
export type ContactEdge = {
  __typename?: 'ContactEdge';
  /** Opaque cursor of this contact; pass it as `after` to continue after it. */
  cursor: Scalars['String']['output'];
  /** The contact. */
  node: Contact;
};

/** Which contacts to list. The time range is required; the other filters are optional and combined with AND. */
export type ContactFilter = {
  /** Only contacts handled by this agent (username or ARN). */
  agent?: InputMaybe<Scalars['String']['input']>;
  /** Only contacts on this channel. */
  channel?: InputMaybe<Channel>;
  /** Start of the range (inclusive) on the initiation time: an ISO-8601 date-time with offset, e.g. 2026-11-20T00:00:00Z. */
  from: Scalars['DateTimeISO']['input'];
  /** Only contacts initiated this way. */
  initiationMethod?: InputMaybe<InitiationMethod>;
  /** Only contacts queued in this queue (name or ARN). */
  queue?: InputMaybe<Scalars['String']['input']>;
  /** End of the range (exclusive) on the initiation time: an ISO-8601 date-time with offset. Must be after `from`. */
  to: Scalars['DateTimeISO']['input'];
};

/** The queue a contact waited in (the CTR `Queue`). Present when the contact was queued. */
export type ContactQueueInfo = {
  __typename?: 'ContactQueueInfo';
  /** Amazon Resource Name of the queue. */
  arn?: Maybe<Scalars['String']['output']>;
  /** When the contact left the queue (UTC): the customer disconnected or the contact was connected to an agent. */
  dequeueTimestamp?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Time in queue, in whole seconds: DequeueTimestamp minus EnqueueTimestamp. */
  durationSeconds?: Maybe<Scalars['Int']['output']>;
  /** When the contact was added to the queue (UTC). */
  enqueueTimestamp?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Name of the queue. */
  name?: Maybe<Scalars['String']['output']>;
};

/** An endpoint of a contact, such as the customer's phone number or the number they dialed. */
export type Endpoint = {
  __typename?: 'Endpoint';
  /** The address; for TELEPHONE_NUMBER, a phone number in E.164 format. */
  address?: Maybe<Scalars['String']['output']>;
  /** The endpoint type, e.g. TELEPHONE_NUMBER. */
  type?: Maybe<Scalars['String']['output']>;
};

/** How a contact was initiated (the CTR `InitiationMethod`). */
export type InitiationMethod =
  /** Started through the API (StartOutboundVoiceContact, StartChatContact, tasks). */
  | 'API'
  /** The customer is called back as part of a queued callback. */
  | 'CALLBACK'
  /** Created by a disconnect flow. */
  | 'DISCONNECT'
  /** An agent called an external participant into a contact. */
  | 'EXTERNAL_OUTBOUND'
  /** The customer initiated the contact (called or started a chat). */
  | 'INBOUND'
  /** A supervisor monitoring a contact. */
  | 'MONITOR'
  /** An agent called the customer from the Contact Control Panel. */
  | 'OUTBOUND'
  /** A flow moved the customer from one queue to another while waiting. */
  | 'QUEUE_TRANSFER'
  /** An agent transferred the customer to another agent or queue with a quick connect; a new contact record is created. */
  | 'TRANSFER';

/** Pagination state of a list (Relay PageInfo). Lists are paged forward with `first` and `after`. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last item of this page; pass it as `after` for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** True when this page was requested with `after` (items precede it). */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first item of this page. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** Read the contact center: contacts, agents, queues, evaluations, workload and metrics. */
export type Query = {
  __typename?: 'Query';
  /** One contact by its id: the latest delivery of its contact trace record. Null when no such contact exists. */
  contact?: Maybe<Contact>;
  /** Contacts initiated in a time range, de-duplicated (one per contact id, the latest delivery), ordered by initiation time then contact id, paged with `first`/`after`. */
  contacts: ContactConnection;
  /** The server's current time (UTC). */
  serverTime: Scalars['DateTimeISO']['output'];
};


/** Read the contact center: contacts, agents, queues, evaluations, workload and metrics. */
export type QueryContactArgs = {
  contactId: Scalars['ID']['input'];
};


/** Read the contact center: contacts, agents, queues, evaluations, workload and metrics. */
export type QueryContactsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter: ContactFilter;
  first?: Scalars['Int']['input'];
};

/** The routing profile of the agent who handled a contact: which queues and channels the agent takes contacts from. */
export type RoutingProfileRef = {
  __typename?: 'RoutingProfileRef';
  /** Amazon Resource Name of the routing profile. */
  arn?: Maybe<Scalars['String']['output']>;
  /** Name of the routing profile. */
  name?: Maybe<Scalars['String']['output']>;
};

/** Live updates pushed over WebSocket (graphql-ws protocol) on the /graphql path. */
export type Subscription = {
  __typename?: 'Subscription';
  /** The server's clock, pushed every `intervalSeconds`: a liveness signal for wallboards and a quick check that subscriptions reach you. */
  serverTimeTicks: Scalars['DateTimeISO']['output'];
};


/** Live updates pushed over WebSocket (graphql-ws protocol) on the /graphql path. */
export type SubscriptionServerTimeTicksArgs = {
  intervalSeconds?: Scalars['Int']['input'];
};

/** How the customer reached the contact center (the CTR `Channel`). */
export type Channel =
  /** A chat conversation. */
  | 'CHAT'
  /** An email contact. */
  | 'EMAIL'
  /** A task (work item routed like a contact). */
  | 'TASK'
  /** A phone call. */
  | 'VOICE';

/** Which contacts to list. The time range is required; the other filters are optional and combined with AND. */
export type ContactFilter = {
  /** Only contacts handled by this agent (username or ARN). */
  agent?: string | null | undefined;
  /** Only contacts on this channel. */
  channel?: Channel | null | undefined;
  /** Start of the range (inclusive) on the initiation time: an ISO-8601 date-time with offset, e.g. 2026-11-20T00:00:00Z. */
  from: string;
  /** Only contacts initiated this way. */
  initiationMethod?: InitiationMethod | null | undefined;
  /** Only contacts queued in this queue (name or ARN). */
  queue?: string | null | undefined;
  /** End of the range (exclusive) on the initiation time: an ISO-8601 date-time with offset. Must be after `from`. */
  to: string;
};

/** How a contact was initiated (the CTR `InitiationMethod`). */
export type InitiationMethod =
  /** Started through the API (StartOutboundVoiceContact, StartChatContact, tasks). */
  | 'API'
  /** The customer is called back as part of a queued callback. */
  | 'CALLBACK'
  /** Created by a disconnect flow. */
  | 'DISCONNECT'
  /** An agent called an external participant into a contact. */
  | 'EXTERNAL_OUTBOUND'
  /** The customer initiated the contact (called or started a chat). */
  | 'INBOUND'
  /** A supervisor monitoring a contact. */
  | 'MONITOR'
  /** An agent called the customer from the Contact Control Panel. */
  | 'OUTBOUND'
  /** A flow moved the customer from one queue to another while waiting. */
  | 'QUEUE_TRANSFER'
  /** An agent transferred the customer to another agent or queue with a quick connect; a new contact record is created. */
  | 'TRANSFER';

export type ContactsPageQueryVariables = Exact<{
  filter: ContactFilter;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ContactsPageQuery = { contacts: { edges: Array<{ cursor: string, node: { contactId: string, channel: string | null, initiationMethod: string | null, initiationTimestamp: string, lastUpdateTimestamp: string | null, abandoned: boolean, handleTimeSeconds: number | null, queue: { name: string | null, enqueueTimestamp: string | null, durationSeconds: number | null } | null, agent: { username: string | null, interactionDurationSeconds: number | null } | null } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type ContactByIdQueryVariables = Exact<{
  contactId: string | number;
}>;


export type ContactByIdQuery = { contact: { contactId: string, initiationTimestamp: string, lastUpdateTimestamp: string | null, previousContactId: string | null, nextContactId: string | null, attributes: Record<string, unknown>, callReason: string | null, previousContact: { contactId: string, nextContactId: string | null } | null, nextContact: { contactId: string, previousContactId: string | null } | null } | null };
