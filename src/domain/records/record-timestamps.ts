/** CTR timestamps: whole seconds, no milliseconds (`2022-01-05T17:12:59Z`). */
export const CTR_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Agent event, flow log, Contact Lens and evaluation timestamps: milliseconds (`2019-08-13T20:58:44.031Z`). */
export const MS_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
