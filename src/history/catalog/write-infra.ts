import fs from 'node:fs';
import path from 'node:path';
import { catalog } from '.';
import { glueTablesTemplate } from './glue-resources';

/** The path of the generated Glue tables fragment, from the repository root. */
export const GLUE_TABLES_FILE = 'infra/glue-tables.json';

/** The exact text of `infra/glue-tables.json` for the current catalog. */
export function renderGlueTablesFile(): string {
  return `${JSON.stringify({ Resources: glueTablesTemplate(catalog) }, null, 2)}\n`;
}

if (require.main === module) {
  const target = path.resolve(__dirname, '../../../..', GLUE_TABLES_FILE);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, renderGlueTablesFile());
  process.stdout.write(`wrote ${GLUE_TABLES_FILE}\n`);
}
