import { registerEnumType } from 'type-graphql';

/** How the customer reached the contact center (CTR `Channel`). */
export enum ChannelFilter {
  VOICE = 'VOICE',
  CHAT = 'CHAT',
  TASK = 'TASK',
  EMAIL = 'EMAIL',
}
registerEnumType(ChannelFilter, {
  name: 'Channel',
  description: 'How the customer reached the contact center (the CTR `Channel`).',
  valuesConfig: {
    VOICE: { description: 'A phone call.' },
    CHAT: { description: 'A chat conversation.' },
    TASK: { description: 'A task (work item routed like a contact).' },
    EMAIL: { description: 'An email contact.' },
  },
});

/** How a contact was initiated (CTR `InitiationMethod`). */
export enum InitiationMethodFilter {
  INBOUND = 'INBOUND',
  OUTBOUND = 'OUTBOUND',
  TRANSFER = 'TRANSFER',
  QUEUE_TRANSFER = 'QUEUE_TRANSFER',
  CALLBACK = 'CALLBACK',
  API = 'API',
  DISCONNECT = 'DISCONNECT',
  MONITOR = 'MONITOR',
  EXTERNAL_OUTBOUND = 'EXTERNAL_OUTBOUND',
}
registerEnumType(InitiationMethodFilter, {
  name: 'InitiationMethod',
  description: 'How a contact was initiated (the CTR `InitiationMethod`).',
  valuesConfig: {
    INBOUND: { description: 'The customer initiated the contact (called or started a chat).' },
    OUTBOUND: { description: 'An agent called the customer from the Contact Control Panel.' },
    TRANSFER: { description: 'An agent transferred the customer to another agent or queue with a quick connect; a new contact record is created.' },
    QUEUE_TRANSFER: { description: 'A flow moved the customer from one queue to another while waiting.' },
    CALLBACK: { description: 'The customer is called back as part of a queued callback.' },
    API: { description: 'Started through the API (StartOutboundVoiceContact, StartChatContact, tasks).' },
    DISCONNECT: { description: 'Created by a disconnect flow.' },
    MONITOR: { description: 'A supervisor monitoring a contact.' },
    EXTERNAL_OUTBOUND: { description: 'An agent called an external participant into a contact.' },
  },
});
