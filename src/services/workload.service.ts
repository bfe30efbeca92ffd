import type { AgentDirectoryEntry } from '../domain/agent-directory';
import { BadUserInputError } from '../domain/errors';
import type { WorkloadIntervalName } from '../domain/workload';
import type { AgentDirectoryService } from './agent-directory.service';
import type { AgentHistoryService, AgentWorkloadSlice } from './agent-history.service';

/** `Query.workload`: agents from the directory, workload from the agent history. */
export class WorkloadService {
  constructor(
    private readonly directory: AgentDirectoryService,
    private readonly history: AgentHistoryService,
  ) {}

  /**
   * Workload per agent and interval over [from, to), for the given agents (agent ids, ARNs or
   * usernames) or every agent of the directory; agents ordered by username.
   * @throws BadUserInputError for an unknown agent, a bad range or time zone; RANGE_TOO_LARGE beyond the interval limit.
   */
  async workload(args: { from: Date; to: Date; timeZone: string; interval: WorkloadIntervalName; agentIds?: readonly string[] | null }): Promise<AgentWorkloadSlice[]> {
    this.history.checkWorkloadArguments(args, args.timeZone, args.interval);
    const directory = await this.directory.directory();
    let agents: readonly AgentDirectoryEntry[] = directory.agents;
    if (args.agentIds) {
      const unknown: string[] = [];
      const chosen = new Map<string, AgentDirectoryEntry>();
      for (const id of args.agentIds) {
        const agent = directory.agentById(id) ?? directory.agentByUsername(id);
        if (agent) chosen.set(agent.agentArn, agent);
        else unknown.push(id);
      }
      if (unknown.length > 0) throw new BadUserInputError(`Unknown agents in 'agentIds': ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ' …' : ''}. Pass agent ids, ARNs or usernames from Query.agents.`, 'agentIds');
      agents = directory.agents.filter((a) => chosen.has(a.agentArn));
    }
    return this.history.workload(agents, { from: args.from, to: args.to }, args.timeZone, args.interval);
  }
}
