import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { buildAppSchema, printAppSchema } from './graphql/schema';

/** Writes schema/schema.graphql (run with `npm run schema`). */
async function main(): Promise<void> {
  const target = path.resolve(__dirname, '../../../schema/schema.graphql');
  fs.writeFileSync(target, printAppSchema(await buildAppSchema()));
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
