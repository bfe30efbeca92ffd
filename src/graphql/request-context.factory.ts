import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { RequestStats } from '../domain/request-stats';
import type { QueryEngine } from '../history/query-engine';
import { ALL_INSTANCES } from '../history/sql/scope';
import { createContactLoader } from '../loaders/contact.loader';
import { AgentStateService, type AgentStateReader } from '../services/agent-state.service';
import { ContactService } from '../services/contact.service';
import type { RequestContext } from '../services/request-context';

/** What every request context is built from. */
export interface ContextDeps {
  readonly engine: QueryEngine;
  readonly logger: Logger;
  readonly limits: { readonly maxPageSize: number; readonly maxRangeDays: number };
  readonly agentStates: AgentStateReader;
}

/** Builds a fresh context (own stats, own loaders) for one HTTP request or one subscription operation. */
export function createRequestContext(deps: ContextDeps, requestId: string = randomUUID(), logger: Logger = deps.logger): RequestContext {
  const stats = new RequestStats();
  // Authorization lands later: until then every caller reads every instance.
  const scope = ALL_INSTANCES;
  const contactById = createContactLoader(deps.engine, stats, scope);
  return {
    requestId,
    logger: logger.child({ requestId }),
    stats,
    loaders: { contactById },
    services: {
      contacts: new ContactService(deps.engine, stats, scope, deps.limits, contactById),
      agentStates: new AgentStateService(deps.agentStates, stats),
    },
  };
}
