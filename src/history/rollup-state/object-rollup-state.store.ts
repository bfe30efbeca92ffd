import { partitionDayKey, type DayPartition } from '../../domain/time-range';
import { DAY_MS } from '../../domain/time';
import type { RollupObjectStore } from './object-store';
import { parseRollupManifest, partitionPathOf, type RollupManifest, type SourceObjectStamp } from './rollup-manifest';
import { ROLLUP_MANIFEST_FOLDER, type RollupStateStore } from './rollup-state.store';
import { ctrRollupTable } from '../catalog';

/** Where the rollup state lives in a bucket (keys without the bucket, each ending in `/`). */
export interface ObjectRollupLayout {
  /** The CTR prefix Firehose delivers to, e.g. `ctr/` (the `ctrPrefix` deployment parameter). */
  readonly sourcePrefix: string;
  /** The rollup table's location, e.g. `rollups/ctr/`. */
  readonly rollupPrefix: string;
  /** Where manifests are kept, e.g. `rollups/_manifests/ctr/` (outside the table's location: never read as rows). */
  readonly manifestPrefix: string;
}

/**
 * The layout of the Athena rollups in the data bucket, shared by the rollup Lambda that writes them
 * and the GraphQL readers that check them: CTRs under `ctrPrefix` (`ROLLUP_CTR_PREFIX`), the rollup
 * table's objects under `rollups/ctr/`, manifests under `rollups/_manifests/ctr/`.
 */
export function athenaRollupLayout(ctrPrefix: string): ObjectRollupLayout {
  return { sourcePrefix: ctrPrefix, rollupPrefix: `${ctrRollupTable.folder}/`, manifestPrefix: `${ROLLUP_MANIFEST_FOLDER}/` };
}

/**
 * Rollup state in an object store (S3 for the Athena job): one listing per partition prefix, the
 * objects stamped with size and ETag, manifests as JSON objects. Partition prefixes use two-digit
 * month and day, as Firehose writes them and the tables' projection templates read them.
 */
export class ObjectRollupStateStore implements RollupStateStore {
  constructor(
    private readonly objects: RollupObjectStore,
    private readonly layout: ObjectRollupLayout,
  ) {}

  async sourceDays(range?: { readonly from: DayPartition; readonly to: DayPartition }): Promise<DayPartition[]> {
    if (!range) throw new Error('ObjectRollupStateStore.sourceDays needs a range: a bucket is listed one day prefix at a time');
    const out: DayPartition[] = [];
    const last = Date.UTC(range.to.year, range.to.month - 1, range.to.day);
    for (let ms = Date.UTC(range.from.year, range.from.month - 1, range.from.day); ms <= last; ms += DAY_MS) {
      const d = new Date(ms);
      const day = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
      if ((await this.sourceObjects(day)).length > 0) out.push(day);
    }
    return out;
  }

  async sourceObjects(day: DayPartition): Promise<SourceObjectStamp[]> {
    const prefix = `${this.layout.sourcePrefix}${partitionPathOf(day)}/`;
    const listed = await this.objects.list(prefix);
    return listed.map((o) => ({ path: o.key.slice(this.layout.sourcePrefix.length), sizeBytes: o.sizeBytes, version: o.version }));
  }

  async readManifest(day: DayPartition): Promise<RollupManifest | undefined> {
    const text = await this.objects.get(`${this.layout.manifestPrefix}${partitionDayKey(day)}.json`);
    return text === undefined ? undefined : parseRollupManifest(text);
  }

  async writeManifest(manifest: RollupManifest): Promise<void> {
    await this.objects.put(`${this.layout.manifestPrefix}${manifest.day}.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  async rollupExists(day: DayPartition): Promise<boolean> {
    const objects = await this.objects.list(`${this.layout.rollupPrefix}${partitionPathOf(day)}/`);
    return objects.some((o) => !/(^|\/)[._][^/]*$/.test(o.key));
  }
}
