import type DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { ContactRecord } from '../domain/contact';
import type { RequestStats } from '../domain/request-stats';
import type { AgentStateService } from './agent-state.service';
import type { ContactService } from './contact.service';

/** Everything a resolver gets for one request (or one subscription operation). */
export interface RequestContext {
  readonly requestId: string;
  readonly logger: Logger;
  readonly stats: RequestStats;
  readonly services: { readonly contacts: ContactService; readonly agentStates: AgentStateService };
  readonly loaders: { readonly contactById: DataLoader<string, ContactRecord | null> };
}
