/**
 * Batching for history loaders whose keys carry a time range (and maybe other arguments): keys are
 * grouped by everything but the entity id, each group is loaded with one query per `maxIds` ids,
 * and a failing query fails only the keys of its group (their slots hold the error).
 */

/** A loader key: an entity id plus the arguments its query shares with other keys of the group. */
export interface GroupedKey {
  /** The entity (agent ARN, queue ARN). */
  readonly id: string;
  /** Identifies the shared arguments (range, thresholds); keys with the same group load together. */
  readonly group: string;
}

/**
 * Loads `keys` group by group: `load(groupKeys)` answers a map id → value for one group's ids (at
 * most `maxIds` at a time); ids it does not answer get `missing(key)`.
 * @returns one value or Error per key, in key order (the DataLoader batch contract).
 */
export async function loadGrouped<K extends GroupedKey, V>(
  keys: readonly K[],
  maxIds: number,
  load: (groupKeys: readonly K[]) => Promise<Map<string, V>>,
  missing: (key: K) => V,
): Promise<(V | Error)[]> {
  const groups = new Map<string, K[]>();
  for (const key of keys) {
    const group = groups.get(key.group);
    if (group) group.push(key);
    else groups.set(key.group, [key]);
  }
  const results = new Map<K, V | Error>();
  await Promise.all(
    [...groups.values()].flatMap((groupKeys) => {
      const chunks: K[][] = [];
      for (let i = 0; i < groupKeys.length; i += maxIds) chunks.push(groupKeys.slice(i, i + maxIds));
      return chunks.map(async (chunk) => {
        try {
          const values = await load(chunk);
          for (const key of chunk) results.set(key, values.has(key.id) ? (values.get(key.id) as V) : missing(key));
        } catch (error) {
          const failure = error instanceof Error ? error : new Error(String(error));
          for (const key of chunk) results.set(key, failure);
        }
      });
    }),
  );
  return keys.map((key) => results.get(key) as V | Error);
}
