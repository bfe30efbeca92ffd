import { getOperationAST, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import type { Principal } from '../../domain/principal';
import { cohortKeyOf } from './cohort-key';
import { SubscriptionCohort, type CohortDeps, type MemberStream } from './subscription-cohort';

/** Options of {@link CohortRegistry}. */
export interface CohortRegistryOptions extends CohortDeps {
  /**
   * The context a cohort executes with: a fresh one per cohort (its own request id and abort signal,
   * aborted when the cohort ends), for the principal of the cohort's first member — any member's
   * principal gives the same results, since the cohort key holds everything they depend on.
   */
  readonly createContext: (principal: Principal, signal: AbortSignal) => unknown;
  /** Told the number of cohorts whenever it changes: a gauge. */
  readonly onCohortsChange?: (cohorts: number) => void;
}

/** `operationName (rootField)`, or the root field of an anonymous operation: how logs name a subscription. */
export function operationLabelOf(document: DocumentNode, operationName?: string | null): string {
  const operation = getOperationAST(document, operationName ?? undefined);
  const field = operation?.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
  const fieldName = field?.kind === Kind.FIELD ? field.name.value : 'unknown';
  return operationName ? `${operationName} (${fieldName})` : fieldName;
}

/**
 * The cohorts of one server: a subscription joins the cohort of its key (operation, variables,
 * principal's scope; see `cohortKeyOf`) or starts it. A cohort ends when its last member leaves.
 */
export class CohortRegistry {
  private readonly cohorts = new Map<string, SubscriptionCohort>();

  constructor(private readonly options: CohortRegistryOptions) {}

  /** Cohorts running now. */
  get size(): number {
    return this.cohorts.size;
  }

  /**
   * graphql-ws's `subscribe` for a subscription of `principal` on `socket` under operation id `id`:
   * the member's stream (graphql-ws holds it and returns it on `complete` or close; it yields nothing,
   * the cohort writes the frames), or the error result that refused the subscription (the schema's
   * subscribe resolver threw: scope check, bad argument), which graphql-ws sends as usual.
   */
  async subscribe(args: ExecutionArgs, socket: WebSocket, id: string, principal: Principal): Promise<MemberStream | ExecutionResult> {
    const key = cohortKeyOf({ document: args.document, operationName: args.operationName, variableValues: args.variableValues, principal });
    for (;;) {
      const cohort = this.cohorts.get(key) ?? this.start(key, args, principal);
      const refused = await cohort.ready;
      if (refused) return refused;
      // The cohort ended while this subscriber waited for its start (its source ended at once): start a new one.
      if (!cohort.isClosed) return cohort.join(socket, id);
    }
  }

  private start(key: string, args: ExecutionArgs, principal: Principal): SubscriptionCohort {
    const abort = new AbortController();
    const contextValue = this.options.createContext(principal, abort.signal);
    const cohort: SubscriptionCohort = new SubscriptionCohort(
      { ...args, contextValue },
      this.options,
      operationLabelOf(args.document, args.operationName),
      () => {
        if (this.cohorts.get(key) !== cohort) return;
        this.cohorts.delete(key);
        this.options.onCohortsChange?.(this.cohorts.size);
      },
      abort,
    );
    this.cohorts.set(key, cohort);
    this.options.onCohortsChange?.(this.cohorts.size);
    return cohort;
  }
}
