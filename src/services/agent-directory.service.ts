import { AgentDirectory, DIRECTORY_LOOKBACK_DAYS, DIRECTORY_TTL_MS, compareText, type AgentDirectoryEntry, type QueueDirectoryEntry } from '../domain/agent-directory';
import { assertPageSize, decodeCursor, encodeCursor } from '../domain/cursor';
import { BadUserInputError } from '../domain/errors';
import { lookaheadLimit, pageOf, type Page } from '../domain/paging';
import { DAY_MS } from '../domain/time';
import type { QueryEngine } from '../history/query-engine';
import type { AgentDirectoryReader } from '../history/readers/agent-directory.reader';
import type { Scope } from '../history/sql/scope';

const CURSOR_KIND = 'agent';

/**
 * A per-process memo of one directory with a time to live: requests within the TTL share the built
 * directory (and a build in flight); a failed build is not kept.
 */
export class DirectoryMemo {
  private entry: { readonly expiresAtMs: number; readonly value: Promise<AgentDirectory> } | undefined;

  constructor(private readonly ttlMs: number = DIRECTORY_TTL_MS) {}

  /** The memoized directory, or a new one from `build` when none is younger than the TTL. */
  get(build: () => Promise<AgentDirectory>, nowMs: number): Promise<AgentDirectory> {
    if (this.entry && this.entry.expiresAtMs > nowMs) return this.entry.value;
    const value = build();
    const entry = { expiresAtMs: nowMs + this.ttlMs, value };
    this.entry = entry;
    value.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return value;
  }
}

const memos = new WeakMap<QueryEngine, Map<string, DirectoryMemo>>();

/** The process-wide directory memo of an engine and scope (created on first use). */
export function directoryMemoFor(engine: QueryEngine, scope: Scope): DirectoryMemo {
  let byScope = memos.get(engine);
  if (!byScope) {
    byScope = new Map();
    memos.set(engine, byScope);
  }
  const key = JSON.stringify(scope);
  let memo = byScope.get(key);
  if (!memo) {
    memo = new DirectoryMemo();
    byScope.set(key, memo);
  }
  return memo;
}

/** A page of agents (Relay connection). */
export type AgentPage = Page<AgentDirectoryEntry>;

/** Options of {@link AgentDirectoryService}. */
export interface AgentDirectoryServiceOptions {
  /** Largest `first` of a page. */
  readonly maxPageSize: number;
  /** Days of history to read, ending at the newest day with data (`DIRECTORY_LOOKBACK_DAYS`). @default 35 */
  readonly directoryLookbackDays?: number;
  /**
   * How far back from today the newest day with data is searched when the engine has no local
   * listing (Athena), in days (`MAX_RANGE_DAYS`). @default 400
   */
  readonly directorySearchDays?: number;
  /** Defaults to the engine's process-wide memo ({@link directoryMemoFor}). */
  readonly memo?: DirectoryMemo;
  /** The clock that places the directory window; @default the wall clock. */
  readonly now?: () => Date;
}

/** Default of {@link AgentDirectoryServiceOptions.directorySearchDays} (the default `MAX_RANGE_DAYS`). */
export const DEFAULT_DIRECTORY_SEARCH_DAYS = 400;

/**
 * The directory of agents and queues, per request over a per-process memo. Built from the newest
 * agent-event snapshot of every agent seen in the `directoryLookbackDays` days (default
 * {@link DIRECTORY_LOOKBACK_DAYS}) ending at the newest day holding agent events or contacts, and the
 * queues of their routing profiles and of the contacts of those days. It never reads unbounded
 * history: the newest day comes from the data folder's listing (DuckDB) or from bounded probes back
 * from today (Athena, at most `directorySearchDays` days), and a history without data in reach is an
 * empty directory.
 */
export class AgentDirectoryService {
  private readonly memo: DirectoryMemo;
  private readonly now: () => Date;

  constructor(
    private readonly reader: AgentDirectoryReader,
    private readonly scope: Scope,
    private readonly options: AgentDirectoryServiceOptions,
  ) {
    this.memo = options.memo ?? directoryMemoFor(reader.engine, scope);
    this.now = options.now ?? (() => new Date());
  }

  /** The directory (memoized per process for a few minutes). */
  directory(): Promise<AgentDirectory> {
    return this.memo.get(() => this.build(), this.now().getTime());
  }

  /**
   * One agent by id (agent id or ARN) or username; exactly one must be given. Null when unknown.
   * @throws BadUserInputError when neither or both are given.
   */
  async getAgent(by: { id?: string | null; username?: string | null }): Promise<AgentDirectoryEntry | null> {
    const id = by.id ?? null;
    const username = by.username ?? null;
    if ((id === null) === (username === null)) throw new BadUserInputError("Give exactly one of 'id' (agent id or ARN) and 'username'.", id === null ? 'id' : 'username');
    const directory = await this.directory();
    return (id !== null ? directory.agentById(id) : directory.agentByUsername(username as string)) ?? null;
  }

  /**
   * A page of agents ordered by username, then agent id.
   * @throws BadUserInputError when `first` is out of bounds or `after` is not a cursor of this list.
   */
  async listAgents(first: number, after?: string | null): Promise<AgentPage> {
    assertPageSize(first, this.options.maxPageSize);
    const position = after ? decodeCursor(CURSOR_KIND, after, ['string', 'string']).map(String) : undefined;
    const agents = (await this.directory()).agents;
    const start = position ? agents.findIndex((a) => (compareText(a.username, position[0] as string) || compareText(a.agentId, position[1] as string)) > 0) : 0;
    const rest = start < 0 ? [] : agents.slice(start, start + lookaheadLimit(first));
    return pageOf(rest, first, after, (node) => encodeCursor(CURSOR_KIND, [node.username, node.agentId]));
  }

  /**
   * One queue by id (queue id or ARN) or name; exactly one must be given. Null when unknown.
   * @throws BadUserInputError when neither or both are given.
   */
  async getQueue(by: { id?: string | null; name?: string | null }): Promise<QueueDirectoryEntry | null> {
    const id = by.id ?? null;
    const name = by.name ?? null;
    if ((id === null) === (name === null)) throw new BadUserInputError("Give exactly one of 'id' (queue id or ARN) and 'name'.", id === null ? 'id' : 'name');
    const directory = await this.directory();
    return (id !== null ? directory.queueById(id) : directory.queueByName(name as string)) ?? null;
  }

  /** Every queue, ordered by name. */
  async listQueues(): Promise<readonly QueueDirectoryEntry[]> {
    return (await this.directory()).queues;
  }

  private async build(): Promise<AgentDirectory> {
    const lookbackDays = Math.max(1, this.options.directoryLookbackDays ?? DIRECTORY_LOOKBACK_DAYS);
    const newest = await this.reader.newestDay(this.scope, this.now(), this.options.directorySearchDays ?? DEFAULT_DIRECTORY_SEARCH_DAYS);
    if (!newest) return new AgentDirectory([], []);
    const endMs = Date.UTC(newest.year, newest.month - 1, newest.day) + DAY_MS;
    return this.reader.read(this.scope, { from: new Date(endMs - lookbackDays * DAY_MS), to: new Date(endMs) });
  }
}
