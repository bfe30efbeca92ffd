import type { GraphQLError } from 'graphql';
import type { Context } from 'graphql-ws';
import { RequestCancelledError } from '../../../../src/domain/errors';
import { WsOperationGuard } from '../../../../src/server/ws/operation-guard';

type Extra = { readonly principal: string };
type Ctx = Context<Record<string, unknown> | undefined, Extra>;

const connection = (principal: string): Ctx => ({ extra: { principal }, subscriptions: {} }) as unknown as Ctx;
const SUBSCRIPTION = { query: 'subscription { agentStateChanged { username } }' };
const QUERY = { query: '{ serverTime }' };

function guarded(maxPerConnection = 2, maxPerPrincipal = 3) {
  const opens: number[] = [];
  const guard = new WsOperationGuard<Extra>({ maxPerConnection, maxPerPrincipal, principalIdOf: (ctx) => ctx.extra.principal, onOpenChange: (n) => opens.push(n) });
  const hooks = guard.wrap({});
  return { guard, hooks, opens };
}

describe('WsOperationGuard', () => {
  it('counts subscriptions only (queries over the socket are not limited) and refuses over the per-connection limit', async () => {
    const { guard, hooks } = guarded(1, 10);
    const ctx = connection('p1');
    expect(await hooks.onSubscribe!(ctx, 'q1', QUERY)).toBeUndefined();
    expect(await hooks.onSubscribe!(ctx, 's1', SUBSCRIPTION)).toBeUndefined();
    expect(guard.open).toBe(1);
    const refused = (await hooks.onSubscribe!(ctx, 's2', SUBSCRIPTION)) as GraphQLError[];
    expect(refused[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'SUBSCRIPTION_MAX_PER_CONNECTION', max: 1 });
    expect(guard.open).toBe(1);
  });

  it('keys the per-principal limit by principal id across connections', async () => {
    const { guard, hooks } = guarded(5, 2);
    const [a, b, c] = [connection('alice'), connection('alice'), connection('bob')];
    await hooks.onSubscribe!(a, '1', SUBSCRIPTION);
    await hooks.onSubscribe!(b, '1', SUBSCRIPTION);
    const refused = (await hooks.onSubscribe!(b, '2', SUBSCRIPTION)) as GraphQLError[];
    expect(refused[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'SUBSCRIPTION_MAX_PER_PRINCIPAL', max: 2 });
    expect(await hooks.onSubscribe!(c, '1', SUBSCRIPTION)).toBeUndefined();
    expect(guard.open).toBe(3);
  });

  it("aborts an operation's signal with operation_ended when it completes, and releases its slot once", async () => {
    const { guard, hooks, opens } = guarded();
    const ctx = connection('p1');
    await hooks.onSubscribe!(ctx, 's1', SUBSCRIPTION);
    const signal = guard.signalOf(ctx, 's1');
    expect(signal.aborted).toBe(false);
    await hooks.onError!(ctx, 's1', SUBSCRIPTION, []);
    await hooks.onComplete!(ctx, 's1', SUBSCRIPTION);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(RequestCancelledError);
    expect((signal.reason as RequestCancelledError).cancelReason).toBe('operation_ended');
    expect(opens).toEqual([1, 0]);
  });

  it('aborts every operation of a socket (subscriptions and running queries) and frees its slots when it closes', async () => {
    const { guard, hooks } = guarded();
    const ctx = connection('p1');
    await hooks.onSubscribe!(ctx, 's1', SUBSCRIPTION);
    await hooks.onSubscribe!(ctx, 's2', SUBSCRIPTION);
    const signals = [guard.signalOf(ctx, 's1'), guard.signalOf(ctx, 'q1')];
    await hooks.onClose!(ctx, 1000, 'bye');
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
    expect(guard.open).toBe(0);
  });

  it('lets a refusal of the wrapped hooks win, without counting the subscription', async () => {
    const guard = new WsOperationGuard<Extra>({ maxPerConnection: 5, maxPerPrincipal: 5, principalIdOf: () => 'p' });
    const own = [{ message: 'no' }] as unknown as GraphQLError[];
    const hooks = guard.wrap({ onSubscribe: () => own });
    expect(await hooks.onSubscribe!(connection('p'), 's1', SUBSCRIPTION)).toBe(own);
    expect(guard.open).toBe(0);
  });
});
