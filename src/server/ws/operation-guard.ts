import { getOperationAST, GraphQLError, OperationTypeNode, parse, type DocumentNode } from 'graphql';
import type { Context, ServerOptions, SubscribePayload } from 'graphql-ws';
import { AppError, ErrorCode, RequestCancelledError } from '../../domain/errors';

/** Options of {@link WsOperationGuard}. */
export interface WsOperationGuardOptions<E> {
  /** Subscriptions one WebSocket may hold open (`SUBSCRIPTION_MAX_PER_CONNECTION`). */
  readonly maxPerConnection: number;
  /** Subscriptions one principal may hold open across all its WebSockets (`SUBSCRIPTION_MAX_PER_PRINCIPAL`). */
  readonly maxPerPrincipal: number;
  /** Id of the principal a connection acts for (the key of the per-principal limit). */
  readonly principalIdOf: (ctx: Context<Record<string, unknown> | undefined, E>) => string;
  /** Told the number of open subscriptions (all connections) whenever it changes: a gauge. */
  readonly onOpenChange?: (open: number) => void;
  /** Told of each subscription refused over a limit. */
  readonly onRefused?: (event: { readonly limit: 'connection' | 'principal'; readonly max: number; readonly principalId: string; readonly operationId: string }) => void;
}

type WsContext<E> = Context<Record<string, unknown> | undefined, E>;

/** What the guard keeps per connection. */
interface ConnectionState {
  /** Open subscriptions by operation id, with the principal each counts against. */
  readonly subscriptions: Map<string, string>;
  /** Abort controllers of operations whose context was built, by operation id. */
  readonly signals: Map<string, AbortController>;
}

/**
 * The graphql-ws side of issue 12's limits, kept apart from authentication:
 * - counts open subscriptions per connection and per principal and refuses a `subscribe` over
 *   either limit with an `error` message (`RATE_LIMITED`, the message names the limit); the
 *   connection stays open and counts drop as subscriptions complete or sockets close;
 * - gives every operation an AbortSignal ({@link signalOf}) that aborts with
 *   `RequestCancelledError('operation_ended')` when the operation completes (client `complete`,
 *   the source ends) or its socket closes, so the history work of its resolvers stops.
 * Wire it with {@link wrap} around the server options and build each context with {@link signalOf}.
 */
export class WsOperationGuard<E> {
  private readonly connections = new WeakMap<WsContext<E>, ConnectionState>();
  private readonly perPrincipal = new Map<string, number>();
  private openCount = 0;

  constructor(private readonly options: WsOperationGuardOptions<E>) {}

  /** Subscriptions open now, over all connections. */
  get open(): number {
    return this.openCount;
  }

  /** The signal of operation `id` of a connection (created on first use); aborts when the operation ends. */
  signalOf(ctx: WsContext<E>, id: string): AbortSignal {
    const state = this.stateOf(ctx);
    let controller = state.signals.get(id);
    if (!controller) {
      controller = new AbortController();
      state.signals.set(id, controller);
    }
    return controller.signal;
  }

  /** `hooks` with the limits and the operation signals added; the hooks' own behaviour runs first (refusals by them win). */
  wrap(hooks: ServerOptions<Record<string, unknown> | undefined, E>): ServerOptions<Record<string, unknown> | undefined, E> {
    return {
      ...hooks,
      onSubscribe: async (ctx, id, payload) => {
        const own = await hooks.onSubscribe?.(ctx, id, payload);
        if (Array.isArray(own)) return own as readonly GraphQLError[];
        const document = own && 'document' in own ? own.document : parseQuietly(payload);
        if (document && isSubscription(document, own && 'document' in own ? own.operationName : payload.operationName)) {
          const refusal = this.admit(ctx, id);
          if (refusal) return [new GraphQLError(refusal.message, { originalError: refusal, extensions: { ...refusal.data, code: refusal.code } })];
        }
        return own ?? undefined;
      },
      onComplete: async (ctx, id, payload) => {
        this.end(ctx, id);
        await hooks.onComplete?.(ctx, id, payload);
      },
      onError: (ctx, id, payload, errors) => {
        // Errors before execution (validation, a refusal) end the operation without `onComplete`.
        this.end(ctx, id);
        return hooks.onError?.(ctx, id, payload, errors);
      },
      onClose: async (ctx, code, reason) => {
        const state = this.connections.get(ctx);
        if (state) for (const id of [...state.subscriptions.keys(), ...state.signals.keys()]) this.end(ctx, id);
        await hooks.onClose?.(ctx, code, reason);
      },
    };
  }

  /** Counts subscription `id` against its connection and principal, or says which limit it would cross. */
  private admit(ctx: WsContext<E>, id: string): AppError | undefined {
    const state = this.stateOf(ctx);
    const principalId = this.options.principalIdOf(ctx);
    const { maxPerConnection, maxPerPrincipal } = this.options;
    if (state.subscriptions.size >= maxPerConnection) {
      this.options.onRefused?.({ limit: 'connection', max: maxPerConnection, principalId, operationId: id });
      return new AppError(
        ErrorCode.RATE_LIMITED,
        `This connection already has ${maxPerConnection} open subscriptions, the most one connection may hold (SUBSCRIPTION_MAX_PER_CONNECTION). Complete one before subscribing again.`,
        { data: { limit: 'SUBSCRIPTION_MAX_PER_CONNECTION', max: maxPerConnection } },
      );
    }
    const ofPrincipal = this.perPrincipal.get(principalId) ?? 0;
    if (ofPrincipal >= maxPerPrincipal) {
      this.options.onRefused?.({ limit: 'principal', max: maxPerPrincipal, principalId, operationId: id });
      return new AppError(
        ErrorCode.RATE_LIMITED,
        `Your credential already has ${maxPerPrincipal} open subscriptions across its connections, the most one principal may hold (SUBSCRIPTION_MAX_PER_PRINCIPAL). Complete one before subscribing again.`,
        { data: { limit: 'SUBSCRIPTION_MAX_PER_PRINCIPAL', max: maxPerPrincipal } },
      );
    }
    state.subscriptions.set(id, principalId);
    this.perPrincipal.set(principalId, ofPrincipal + 1);
    this.changeOpen(+1);
    return undefined;
  }

  /** Ends operation `id`: releases its subscription slot (once) and aborts its signal. */
  private end(ctx: WsContext<E>, id: string): void {
    const state = this.connections.get(ctx);
    if (!state) return;
    const principalId = state.subscriptions.get(id);
    if (principalId !== undefined) {
      state.subscriptions.delete(id);
      const left = (this.perPrincipal.get(principalId) ?? 1) - 1;
      if (left > 0) this.perPrincipal.set(principalId, left);
      else this.perPrincipal.delete(principalId);
      this.changeOpen(-1);
    }
    const controller = state.signals.get(id);
    if (controller) {
      state.signals.delete(id);
      controller.abort(new RequestCancelledError('operation_ended'));
    }
  }

  private stateOf(ctx: WsContext<E>): ConnectionState {
    let state = this.connections.get(ctx);
    if (!state) {
      state = { subscriptions: new Map(), signals: new Map() };
      this.connections.set(ctx, state);
    }
    return state;
  }

  private changeOpen(delta: number): void {
    this.openCount += delta;
    this.options.onOpenChange?.(this.openCount);
  }
}

/** The parsed document, or undefined when it does not parse (graphql-ws then reports the syntax error itself). */
function parseQuietly(payload: SubscribePayload): DocumentNode | undefined {
  try {
    return parse(payload.query);
  } catch {
    return undefined;
  }
}

function isSubscription(document: DocumentNode, operationName: string | null | undefined): boolean {
  return getOperationAST(document, operationName ?? undefined)?.operation === OperationTypeNode.SUBSCRIPTION;
}
