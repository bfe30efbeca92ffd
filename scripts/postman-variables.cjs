// The date variables of the example operations (test/operations/*.graphql, `{{name}}` in their
// `# variables:` lines) and of the Postman collection generated from them.
//
// The demo data `npm start` writes covers the 7 days up to the moment it is written, in a contact
// center open 07:00–22:00 New York time. So the examples ask for days relative to *today* in the
// contact center's time zone, never for fixed dates:
//
//   dayFrom, dayTo            yesterday, 00:00 to 00:00 local time (one whole local day)
//   twoDaysFrom               the day before yesterday, 00:00 (twoDaysFrom to dayTo: two whole local days)
//   workloadFrom, workloadTo  yesterday, 09:00 to 12:00 local time
//   now                       the current minute (UTC)
//
// Values are ISO-8601 with the zone's offset of that day (daylight saving included), e.g.
// 2026-11-20T00:00:00-05:00. relativeDates is self-contained (no outside references): scripts/postman.mjs
// embeds its source text in the collection's pre-request script, and the tests call the same function.
'use strict';

/** The demo contact center's time zone (src/local/demo-data), the default of the collection variable timeZone. */
const DEMO_TIME_ZONE = 'America/New_York';

/**
 * The date variables for the instant `nowMs` in `timeZone`.
 * @param {number} nowMs milliseconds since the epoch
 * @param {string} timeZone IANA time zone
 * @returns {{ dayFrom: string, dayTo: string, twoDaysFrom: string, workloadFrom: string, workloadTo: string, now: string }}
 */
function relativeDates(nowMs, timeZone) {
  const pad = (n) => String(n).padStart(2, '0');
  /**
   * The local wall-clock fields of an instant. Date#toLocaleString, not Intl.DateTimeFormat: Postman's
   * and newman's script sandbox has no Intl global, but toLocaleString knows time zones there too.
   */
  const wallClock = (ms) => {
    const text = new Date(ms).toLocaleString('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }); // e.g. 07/01/2026, 08:00:00
    const m = /(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)/.exec(text);
    if (!m) throw new Error(`unexpected local time '${text}' for time zone ${timeZone}`);
    return { month: Number(m[1]), day: Number(m[2]), year: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]) };
  };
  /** The zone's offset from UTC at an instant, in minutes. */
  const offsetAt = (ms) => {
    const w = wallClock(ms);
    return Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000) / 60000);
  };
  /** Local `hour`:00 on the day `dayOffset` days from today, as ISO-8601 with its offset. */
  const localTime = (dayOffset, hour) => {
    const wall = Date.UTC(today.year, today.month - 1, today.day + dayOffset, hour); // the wall clock read as UTC (normalises the date)
    const offset = offsetAt(wall - offsetAt(wall) * 60000);
    const date = new Date(wall);
    const abs = Math.abs(offset);
    return (
      `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(hour)}:00:00` +
      `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
    );
  };
  const today = wallClock(nowMs);
  return {
    dayFrom: localTime(-1, 0),
    dayTo: localTime(0, 0),
    twoDaysFrom: localTime(-2, 0),
    workloadFrom: localTime(-1, 9),
    workloadTo: localTime(-1, 12),
    now: new Date(Math.floor(nowMs / 60000) * 60000).toISOString(),
  };
}

module.exports = { relativeDates, DEMO_TIME_ZONE };
