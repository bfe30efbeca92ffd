import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postQuery } from '../helpers/graphql-client';
import { startTestServer } from '../helpers/test-server';

describe('start-up', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cagql-start-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes a demo data set into an empty DATA_DIR, then serves it', async () => {
    const dataDir = path.join(tmp, 'data');
    const server = await startTestServer({ DATA_DIR: dataDir, DEMO_DAYS: '2', DEMO_AGENTS: '4', DEMO_SEED: 'startup-test' });
    try {
      expect(server.stack.demoData?.contacts).toBeGreaterThan(0);
      // The five sources, and the file index's cache of what each file holds (a hidden file the layout ignores).
      expect(fs.readdirSync(dataDir).sort()).toEqual(['.connect-analytics-file-index.json', 'ae', 'cfl', 'cl', 'ctr', 'ef']);
      const to = new Date();
      const from = new Date(to.getTime() - 2 * 86_400_000);
      const { body } = await postQuery<{ contacts: { edges: unknown[] } }>(server.url, 'query($f: ContactFilter!) { contacts(filter: $f, first: 5) { edges { cursor } } }', {
        f: { from: from.toISOString(), to: to.toISOString() },
      });
      expect(body.errors).toBeUndefined();
      expect(body.data!.contacts.edges.length).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });

  it('refuses a DATA_DIR that is not in the layout, naming the expected layout', async () => {
    fs.writeFileSync(path.join(tmp, 'notes.txt'), 'not data');
    await expect(startTestServer({ DATA_DIR: tmp })).rejects.toThrow(/is not in the expected layout \(unexpected entries: notes.txt\)\. Expected <DATA_DIR>\/\{ctr,ae,cfl,cl,ef\}\/year=YYYY/);
  });

  it('refuses a ctr folder whose children are not year partitions', async () => {
    fs.mkdirSync(path.join(tmp, 'ctr', '2026'), { recursive: true });
    await expect(startTestServer({ DATA_DIR: tmp })).rejects.toThrow(/ctr\/2026 is not a year=YYYY partition/);
  });
});
