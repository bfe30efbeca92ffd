/**
 * The five Amazon Connect data sources of the Firehose layout, by their folder name
 * (`ctr`, `ae`, `cfl`, `cl`, `ef`), in the order the layout lists them.
 */
export const RECORD_SOURCES = ['ctr', 'ae', 'cfl', 'cl', 'ef'] as const;

/** One of {@link RECORD_SOURCES}. */
export type RecordSource = (typeof RECORD_SOURCES)[number];
