import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemoData } from '../../src/local/demo-data';
import { buildContactCenterModel, type ContactCenterModel } from '../../src/local/demo-data/contact-center.model';

/**
 * Two contact centers in one data folder, as one bucket fed by the streams of two Connect instances:
 * the demo data of two seeds (two instance ARNs, accounts, agents and queues), same days.
 */
export const TWO_INSTANCE_DATA = { days: 2, agents: 3, seeds: ['tenant-a', 'tenant-b'], start: '2026-11-19' } as const;

/** The merged folder and the model of each instance (its ARN, agents, queues). */
export interface TwoInstanceData {
  readonly dir: string;
  readonly a: ContactCenterModel;
  readonly b: ContactCenterModel;
}

let promise: Promise<TwoInstanceData> | undefined;

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/**
 * Writes {@link TWO_INSTANCE_DATA} once per test process. The demo generator names a delivery file
 * by source, day and part only (not by seed), so the second seed's files would overwrite the first's:
 * they are moved in under a name whose Firehose uuid is re-derived with the seed (same stream, version,
 * time and extension, so the layout is unchanged). The merge fails loudly if a name still collides.
 */
export function twoInstanceData(): Promise<TwoInstanceData> {
  promise ??= (async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-two-instances-'));
    const dir = path.join(root, 'data');
    const [seedA, seedB] = TWO_INSTANCE_DATA.seeds;
    const common = { days: TWO_INSTANCE_DATA.days, agents: TWO_INSTANCE_DATA.agents, start: TWO_INSTANCE_DATA.start, progress: false } as const;
    await generateDemoData({ ...common, outDir: dir, seed: seedA });
    const second = path.join(root, 'second');
    await generateDemoData({ ...common, outDir: second, seed: seedB });
    for (const relative of filesUnder(second)) {
      const name = path.basename(relative).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, (uuid) => {
        const hex = createHash('sha1').update(`${seedB}/${uuid}`).digest('hex');
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
      });
      const target = path.join(dir, path.dirname(relative), name);
      if (fs.existsSync(target)) throw new Error(`two-instance data: ${target} exists already`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(path.join(second, relative), target);
    }
    fs.rmSync(second, { recursive: true, force: true });
    return { dir, a: buildContactCenterModel(seedA, TWO_INSTANCE_DATA.agents), b: buildContactCenterModel(seedB, TWO_INSTANCE_DATA.agents) };
  })();
  return promise;
}
