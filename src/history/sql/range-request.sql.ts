import type { DayPartition } from '../../domain/time-range';
import type { Scope } from './scope';
import { join, sql, type Dialect, type SqlFragment } from './sql-fragment';

/** Parameters of a read over [from, to) of some partitions (the range's UTC days plus the source's look-back). */
export interface RangeRequest {
  readonly dialect: Dialect;
  readonly scope: Scope;
  /**
   * The range's UTC days plus the look-back the source needs: for agent events, the status in force at
   * `from` was set earlier; for contacts, those initiated before `from` and handled or queued in it.
   */
  readonly partitions: readonly DayPartition[];
  readonly from: Date;
  readonly to: Date;
}

/** A read of some agents' history over [from, to): their agent events, or the contacts they handled. */
export interface AgentRangeRequest extends RangeRequest {
  /** Agents to read (agent ARNs); at least one. */
  readonly agentArns: readonly string[];
}

/** The values as bound parameters, comma-separated: the inside of an `IN (…)` list. */
export function boundList(values: readonly string[]): SqlFragment {
  return join(values.map((value) => sql`${value}`), ', ');
}
