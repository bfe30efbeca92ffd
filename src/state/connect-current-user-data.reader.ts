import {
  ConnectClient,
  type ConnectClientConfig,
  GetCurrentUserDataCommand,
  ListQueuesCommand,
  ListRoutingProfileQueuesCommand,
  ListRoutingProfilesCommand,
  ListUsersCommand,
  ThrottlingException,
  TooManyRequestsException,
  type UserData,
  type UserSummary,
} from '@aws-sdk/client-connect';

/**
 * Amazon Connect's real-time agent snapshot (`GetCurrentUserData`) and the name lists that complete
 * it (`ListQueues`, `ListRoutingProfiles`, `ListUsers`, `ListRoutingProfileQueues`), for the live-state warm start. Connect
 * throttles these APIs (about 5 requests/s per account and region, shared by every caller), so each
 * call goes through the SDK's adaptive retry strategy *and* a page-level retry of throttling errors
 * here: the SDK's attempts are spent within a second or two, while a bootstrap of thousands of agents
 * must wait out a busy minute, and a page retried here never restarts the run.
 */

/** `GetCurrentUserData` takes at most 100 queues or 100 routing profiles per filter. */
export const USER_DATA_FILTER_MAX_IDS = 100;
/** `GetCurrentUserData` returns at most 100 users per page. */
export const USER_DATA_PAGE_SIZE = 100;
/** SDK attempts per call (the first included), with the adaptive (client-side rate limited) strategy. */
export const CONNECT_SDK_MAX_ATTEMPTS = 5;

/** Which agents to read: those whose routing profile takes contacts from one of `ids` (queues), or has one of `ids` (routing profiles). */
export interface UserDataFilter {
  readonly by: 'queues' | 'routingProfiles';
  /** Queue or routing-profile ids (or ARNs); any number, sent in chunks of {@link USER_DATA_FILTER_MAX_IDS}. */
  readonly ids: readonly string[];
}

/** One page of `GetCurrentUserData`. */
export interface UserDataPage {
  readonly users: readonly UserData[];
  /** When the page was answered (this host's clock): the snapshot's time. */
  readonly respondedAt: Date;
  /** 1-based index of the filter chunk, and how many chunks the filter has. */
  readonly chunk: number;
  readonly chunks: number;
  /** Connect's estimate of the users the chunk matches (`ApproximateTotalCount`), when given. */
  readonly approximateTotal: number | null;
}

/** A named Connect resource from a List call. */
export interface NamedConnectResource {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
}

/** One queue a routing profile takes contacts from, on one channel (`ListRoutingProfileQueues`). */
export interface RoutingProfileQueue {
  readonly arn: string;
  readonly name: string | null;
  readonly channel: string;
}

/** How to build a {@link ConnectCurrentUserDataReader}. */
export interface ConnectCurrentUserDataReaderOptions {
  /** The Connect client of a region (default {@link createConnectClient}, one per region). */
  readonly clientForRegion?: (region: string) => ConnectClient;
  /** Page-level retries of a throttled call after the SDK's own attempts. Default 6. */
  readonly maxThrottleRetries?: number;
  /** First back-off of a page-level retry, doubled each time (with jitter), at most 20 s. Default 500 ms. */
  readonly backoffBaseMs?: number;
  /** Aborts the calls in flight and the back-offs. */
  readonly signal?: AbortSignal;
}

/** Thrown when the instance ARN is not `arn:<partition>:connect:<region>:<account>:instance/<id>`. */
export class ConnectInstanceArnError extends Error {
  override readonly name = 'ConnectInstanceArnError';
  constructor(readonly instanceArn: string) {
    super(`${instanceArn} is not an Amazon Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<instance id>)`);
  }
}

const INSTANCE_ARN = /^arn:aws[a-z-]*:connect:([a-z0-9-]+):(\d{12}):instance\/([A-Za-z0-9-]+)$/;
const MAX_BACKOFF_MS = 20_000;

/**
 * The region and instance id of a Connect instance ARN.
 * @throws ConnectInstanceArnError when it is not one.
 */
export function parseConnectInstanceArn(instanceArn: string): { readonly region: string; readonly accountId: string; readonly instanceId: string } {
  const match = INSTANCE_ARN.exec(instanceArn);
  if (!match) throw new ConnectInstanceArnError(instanceArn);
  return { region: match[1]!, accountId: match[2]!, instanceId: match[3]! };
}

/**
 * A Connect client of `region` with the SDK's adaptive retry strategy (exponential back-off with a
 * client-side token bucket that slows down after throttling) and {@link CONNECT_SDK_MAX_ATTEMPTS}
 * attempts. The endpoint is the SDK's own choice (`AWS_ENDPOINT_URL_CONNECT` is honoured by the SDK)
 * unless `overrides` names one (tests: a local HTTP server).
 */
export function createConnectClient(region: string, overrides: Pick<ConnectClientConfig, 'endpoint' | 'credentials'> = {}): ConnectClient {
  return new ConnectClient({ region, maxAttempts: CONNECT_SDK_MAX_ATTEMPTS, retryMode: 'adaptive', ...overrides });
}

/** Whether an error is Connect (or the SDK) saying "too many requests": worth waiting and asking again. */
export function isThrottlingError(error: unknown): boolean {
  if (error instanceof ThrottlingException || error instanceof TooManyRequestsException) return true;
  const e = error as { name?: unknown; $retryable?: { throttling?: unknown }; $metadata?: { httpStatusCode?: unknown } } | null;
  return (
    e !== null &&
    typeof e === 'object' &&
    (e.name === 'ThrottlingException' || e.name === 'TooManyRequestsException' || e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429)
  );
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads agent snapshots and resource names of Connect instances. */
export class ConnectCurrentUserDataReader {
  private readonly clients = new Map<string, ConnectClient>();
  private readonly clientForRegion: (region: string) => ConnectClient;
  private readonly maxThrottleRetries: number;
  private readonly backoffBaseMs: number;
  private readonly signal: AbortSignal | undefined;
  /** Throttled calls retried at page level since this reader was made (for the report). */
  throttledRetries = 0;

  constructor(options: ConnectCurrentUserDataReaderOptions = {}) {
    this.clientForRegion = options.clientForRegion ?? ((region) => createConnectClient(region));
    this.maxThrottleRetries = options.maxThrottleRetries ?? 6;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.signal = options.signal;
  }

  /** Every STANDARD queue of the instance (`ListQueues`, all pages). */
  async listQueues(instanceArn: string): Promise<NamedConnectResource[]> {
    const { instanceId } = parseConnectInstanceArn(instanceArn);
    const out = await this.allPages(instanceArn, async (client, options, token) => {
      const page = await client.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'], MaxResults: 1000, NextToken: token }), options);
      return { items: page.QueueSummaryList, next: page.NextToken };
    });
    return named(out);
  }

  /** Every routing profile of the instance (`ListRoutingProfiles`, all pages). */
  async listRoutingProfiles(instanceArn: string): Promise<NamedConnectResource[]> {
    const { instanceId } = parseConnectInstanceArn(instanceArn);
    const out = await this.allPages(instanceArn, async (client, options, token) => {
      const page = await client.send(new ListRoutingProfilesCommand({ InstanceId: instanceId, MaxResults: 1000, NextToken: token }), options);
      return { items: page.RoutingProfileSummaryList, next: page.NextToken };
    });
    return named(out);
  }

  /**
   * The queues a routing profile takes contacts from, one entry per queue and channel
   * (`ListRoutingProfileQueues`, all pages): `GetCurrentUserData` names the profile only, while queue
   * filters of the live state need its inbound queues.
   */
  async listRoutingProfileQueues(instanceArn: string, routingProfileId: string): Promise<RoutingProfileQueue[]> {
    const { instanceId } = parseConnectInstanceArn(instanceArn);
    const out = await this.allPages(instanceArn, async (client, options, token) => {
      const page = await client.send(new ListRoutingProfileQueuesCommand({ InstanceId: instanceId, RoutingProfileId: routingProfileId, MaxResults: 100, NextToken: token }), options);
      return { items: page.RoutingProfileQueueConfigSummaryList, next: page.NextToken };
    });
    return out.flatMap((q) => (q.QueueArn && q.Channel ? [{ arn: q.QueueArn, name: q.QueueName ?? null, channel: q.Channel }] : []));
  }

  /** Every user of the instance with its login name (`ListUsers`, all pages): `GetCurrentUserData` names users by id only. */
  async listUsers(instanceArn: string): Promise<NamedConnectResource[]> {
    const { instanceId } = parseConnectInstanceArn(instanceArn);
    const out: UserSummary[] = await this.allPages(instanceArn, async (client, options, token) => {
      const page = await client.send(new ListUsersCommand({ InstanceId: instanceId, MaxResults: 1000, NextToken: token }), options);
      return { items: page.UserSummaryList, next: page.NextToken };
    });
    return named(out.map((u) => ({ Id: u.Id, Arn: u.Arn, Name: u.Username })));
  }

  /**
   * The agents `filter` matches, page by page: the ids in chunks of {@link USER_DATA_FILTER_MAX_IDS},
   * each chunk paged with `NextToken` ({@link USER_DATA_PAGE_SIZE} a page). An agent may appear in
   * more than one chunk (queue filters); the caller de-duplicates.
   */
  async *pages(instanceArn: string, filter: UserDataFilter): AsyncGenerator<UserDataPage> {
    const { instanceId } = parseConnectInstanceArn(instanceArn);
    const chunks: string[][] = [];
    for (let i = 0; i < filter.ids.length; i += USER_DATA_FILTER_MAX_IDS) chunks.push(filter.ids.slice(i, i + USER_DATA_FILTER_MAX_IDS));
    for (const [index, ids] of chunks.entries()) {
      let token: string | undefined;
      do {
        const out = await this.send(instanceArn, (client, options) =>
          client.send(
            new GetCurrentUserDataCommand({
              InstanceId: instanceId,
              Filters: filter.by === 'queues' ? { Queues: ids } : { RoutingProfiles: ids },
              MaxResults: USER_DATA_PAGE_SIZE,
              NextToken: token,
            }),
            options,
          ),
        );
        yield { users: out.UserDataList ?? [], respondedAt: new Date(), chunk: index + 1, chunks: chunks.length, approximateTotal: out.ApproximateTotalCount ?? null };
        token = out.NextToken;
      } while (token);
    }
  }

  /** Sends one command, retrying throttling errors with exponential back-off and jitter. */
  /** Every item of a NextToken-paged List call, each page sent (and retried when throttled) by {@link send}. */
  private async allPages<T>(
    instanceArn: string,
    page: (client: ConnectClient, options: { abortSignal?: AbortSignal }, token: string | undefined) => Promise<{ items?: T[]; next?: string }>,
  ): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const { items, next } = await this.send(instanceArn, (client, options) => page(client, options, token));
      out.push(...(items ?? []));
      token = next;
    } while (token);
    return out;
  }

  private async send<Out>(instanceArn: string, call: (client: ConnectClient, options: { abortSignal?: AbortSignal }) => Promise<Out>): Promise<Out> {
    const { region } = parseConnectInstanceArn(instanceArn);
    let client = this.clients.get(region);
    if (!client) {
      client = this.clientForRegion(region);
      this.clients.set(region, client);
    }
    for (let retry = 0; ; retry += 1) {
      this.signal?.throwIfAborted();
      try {
        return await call(client, { abortSignal: this.signal });
      } catch (error) {
        if (!isThrottlingError(error) || retry >= this.maxThrottleRetries || this.signal?.aborted) throw error;
        this.throttledRetries += 1;
        const ceiling = Math.min(MAX_BACKOFF_MS, this.backoffBaseMs * 2 ** retry);
        await abortableSleep(ceiling / 2 + Math.random() * (ceiling / 2), this.signal);
      }
    }
  }

  /** Destroys the clients this reader made (their sockets). */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

function named(items: readonly { Id?: string; Arn?: string; Name?: string }[]): NamedConnectResource[] {
  return items.flatMap((i) => (i.Id && i.Arn ? [{ id: i.Id, arn: i.Arn, name: i.Name ?? i.Id }] : []));
}
