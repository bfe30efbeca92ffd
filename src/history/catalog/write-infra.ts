import fs from 'node:fs';
import path from 'node:path';
import { agentStateTableResource } from '../../state/agent-state.table';
import { catalog, rollupCatalog } from '.';
import { glueTablesTemplate } from './glue-resources';

/** The path of the generated Glue tables fragment, from the repository root. */
export const GLUE_TABLES_FILE = 'infra/glue-tables.json';

/** The path of the generated agent-state table fragment, from the repository root. */
export const AGENT_STATE_TABLE_FILE = 'infra/agent-state-table.json';

/** CloudFormation logical id of the agent-state table (`serverless.yml` and `infra/iam.yml` refer to it). */
export const AGENT_STATE_TABLE_LOGICAL_ID = 'AgentStateTable';

/** CloudFormation parameter holding the agent-state table's name (declared in `infra/parameters.yml`). */
export const AGENT_STATE_TABLE_NAME_PARAMETER = 'AgentStateTableName';

/** The exact text of `infra/glue-tables.json` for the current catalog. */
export function renderGlueTablesFile(): string {
  return `${JSON.stringify({ Resources: glueTablesTemplate(catalog, rollupCatalog) }, null, 2)}\n`;
}

/**
 * The deployed agent-state table: the one table definition ({@link agentStateTableResource}: keys,
 * the `byRoutingProfile` GSI, on-demand billing, TTL) plus what only the cloud stack needs:
 * point-in-time recovery, and a DynamoDB stream of new images for consumers of live state (e.g. a
 * wallboard feed or an archive) that do not read the Kinesis stream.
 */
export function agentStateTableInfraResource(): Record<string, unknown> {
  const table = agentStateTableResource({ Ref: AGENT_STATE_TABLE_NAME_PARAMETER });
  return {
    ...table,
    Properties: {
      ...table.Properties,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    },
  };
}

/** The exact text of `infra/agent-state-table.json` for the current table definition. */
export function renderAgentStateTableFile(): string {
  return `${JSON.stringify({ Resources: { [AGENT_STATE_TABLE_LOGICAL_ID]: agentStateTableInfraResource() } }, null, 2)}\n`;
}

/** Every generated `infra/` file and its text (`npm run infra` writes them; a test checks they are current). */
export function renderInfraFiles(): Record<string, string> {
  return { [GLUE_TABLES_FILE]: renderGlueTablesFile(), [AGENT_STATE_TABLE_FILE]: renderAgentStateTableFile() };
}

if (require.main === module) {
  const root = path.resolve(__dirname, '../../../..');
  for (const [file, text] of Object.entries(renderInfraFiles())) {
    const target = path.resolve(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    process.stdout.write(`wrote ${file}\n`);
  }
}
