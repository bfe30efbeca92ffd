/** The agent-events benchmark's figures as tables on stdout. */
import type { LatencyResult } from './agent-events.latency';
import type { ThroughputResult } from './agent-events.throughput';
import { round } from './numbers';

/** The handler against the naive loop, the traffic, the requests, the cost split and (if any) the extrapolation. */
export function printThroughput(t: ThroughputResult): void {
  console.table({
    'handler (reducer + conditional writes)': {
      events: t.traffic.events,
      'wall s': t.handler.wallSeconds,
      'events/s': t.handler.eventsPerSecond,
      'x real time': t.handler.realTimeFactor,
      'writes/event': t.handler.writesPerEvent,
      'requests/event': t.handler.requestsPerEvent,
      'WCU/event': t.handler.wcuPerEvent,
      'RCU/event': t.handler.rcuPerEvent,
      'batch ms p50': t.handler.invocationMsP50,
      'batch ms p99': t.handler.invocationMsP99,
      'CPU ms/event (handler)': t.handler.cpuMsPerEvent.handlerProcessMs,
      'CPU ms/event (dynalite)': t.handler.cpuMsPerEvent.dynaliteMs,
      failed: t.handler.failedRecords,
    },
    [`naive loop (${t.assumptions.naivePutItemsInFlightPerShard} PutItem in flight/shard)`]: {
      events: t.traffic.events,
      'wall s': t.naive.wallSeconds,
      'events/s': t.naive.eventsPerSecond,
      'x real time': t.naive.realTimeFactor,
      'writes/event': t.naive.writesPerEvent,
      'requests/event': t.naive.writesPerEvent,
      'WCU/event': t.naive.wcuPerEvent,
      'RCU/event': t.naive.rcuPerEvent,
      'batch ms p50': t.naive.invocationMsP50,
      'batch ms p99': t.naive.invocationMsP99,
      'CPU ms/event (handler)': t.naive.cpuMsPerEvent.handlerProcessMs,
      'CPU ms/event (dynalite)': t.naive.cpuMsPerEvent.dynaliteMs,
      failed: t.naive.failedRecords,
    },
  });
  if (t.assumptions.handlerDynamoDbInTheWindow !== 'dynalite') {
    process.stdout.write(`*** handler's DynamoDB ${t.assumptions.handlerDynamoDbInTheWindow}; its DynamoDB figures and the ratio to the naive loop do not apply\n`);
  }
  process.stdout.write(
    `traffic: ${t.assumptions.agents} agents × ${t.assumptions.simulatedMinutes} simulated min = ${t.traffic.events} events ` +
      `(${t.traffic.heartbeats} HEART_BEAT, ${t.traffic.stateChanges} STATE_CHANGE; needs ${t.traffic.requiredEventsPerSecond} events/s to keep up; ${t.traffic.meanRecordBytes} B/record), ` +
      `${t.assumptions.shards} shards, batches of ${t.assumptions.batchSize}\n`,
  );
  process.stdout.write(`handler DynamoDB requests: ${JSON.stringify(t.handler.dynamoRequests)}${Object.keys(t.handler.dynamoErrors).length > 0 ? `, errors ${JSON.stringify(t.handler.dynamoErrors)}` : ''}; published ${t.handler.published}\n`);
  process.stdout.write(`seed (first sight of every agent, timed apart): ${t.seed.events} events in ${t.seed.wallSeconds} s = ${t.seed.eventsPerSecond} events/s; requests ${JSON.stringify(t.seed.dynamoRequests)}\n`);
  process.stdout.write(`warm-up (untimed, before the window): ${t.assumptions.warmMinutes} min = ${t.seed.warmEvents} events in ${t.seed.warmWallSeconds} s\n`);
  console.table({ 'per-event cost split (handler)': t.handler.costSplit });
  if (t.extrapolation !== null) {
    const e = t.extrapolation;
    process.stdout.write(`\n*** ${e.note}\n`);
    console.table({
      [`EXTRAPOLATED ${e.agents} agents`]: {
        events: e.events,
        'needs events/s': e.requiredEventsPerSecond,
        'handler wall s': e.handlerWallSeconds,
        'handler x real time': e.handlerRealTimeFactor,
        'naive wall s': e.naiveWallSeconds,
        'naive x real time': e.naiveRealTimeFactor,
      },
    });
  }
}

/** Latency percentiles per spacing, and a warning for any run that lost or duplicated messages. */
export function printLatency(latency: readonly LatencyResult[]): void {
  console.table(
    Object.fromEntries(
      latency.map((l) => [
        `every ${l.spacingMs} ms (${round(1000 / l.spacingMs)} changes/s)`,
        {
          subs: l.subscribers,
          conns: l.connections,
          events: l.events,
          delivered: `${l.delivered}/${l.expected}`,
          'p50 ms': l.p50Ms,
          'p90 ms': l.p90Ms,
          'p99 ms': l.p99Ms,
          'max ms': l.maxMs,
          'all subs p50': l.lastSubscriberP50Ms,
          'all subs p99': l.lastSubscriberP99Ms,
          'POST p50 ms': l.postP50Ms,
          'offered msg/s': l.offeredDeliveriesPerSecond,
          'delivered msg/s': l.deliveredPerSecond,
        },
      ]),
    ),
  );
  for (const l of latency) {
    if (l.delivered !== l.expected || l.duplicates > 0 || l.subscriptionErrors > 0) {
      process.stdout.write(
        `WARNING (every ${l.spacingMs} ms): delivered ${l.delivered} of ${l.expected} expected (${l.duplicates} duplicates, ${l.subscriptionErrors} subscription errors)\n`,
      );
    }
    process.stdout.write(`every ${l.spacingMs} ms: POST statuses ${JSON.stringify(l.postStatuses)}, achieved spacing ${l.achievedSpacingMs} ms, warm-up ${l.warmupSeconds} s\n`);
  }
}
