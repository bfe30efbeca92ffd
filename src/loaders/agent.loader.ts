import DataLoader from 'dataloader';
import type { AgentDirectory, AgentDirectoryEntry } from '../domain/agent-directory';

/**
 * Loads agents of the directory by agent id or agent ARN; an unknown agent resolves to `null`. A
 * batch reads the (memoized) directory once. Create one per request.
 */
export function createAgentByIdLoader(directory: () => Promise<AgentDirectory>): DataLoader<string, AgentDirectoryEntry | null> {
  return new DataLoader<string, AgentDirectoryEntry | null>(async (ids) => {
    const d = await directory();
    return ids.map((id) => d.agentById(id) ?? null);
  });
}
