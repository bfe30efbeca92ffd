import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Workload interval lengths. */
export enum WorkloadIntervalEnum {
  FIFTEEN_MIN = 'FIFTEEN_MIN',
  THIRTY_MIN = 'THIRTY_MIN',
  HOUR = 'HOUR',
}
registerEnumType(WorkloadIntervalEnum, {
  name: 'WorkloadInterval',
  description: 'Length of the workload intervals. Intervals start on local wall-clock edges in the requested time zone (:00, :15, :30, :45).',
  valuesConfig: {
    FIFTEEN_MIN: { description: '15-minute intervals (Flex Insights\' workload grain).' },
    THIRTY_MIN: { description: '30-minute intervals.' },
    HOUR: { description: 'One-hour intervals.' },
  },
});

/** Time in one status during one interval. */
@ObjectType({ description: 'The time an agent spent in one agent status during one workload interval.' })
export class WorkloadStatusTime {
  @Field(() => String, { description: 'The status the agent chose: Available, Offline or a custom status such as Lunch.' })
  status: string;

  @Field(() => String, { description: 'Type of the status as Connect sent it: ROUTABLE (Available), CUSTOM (a custom status such as Lunch or Break) or OFFLINE — or a type Connect added later, returned as sent. Inferred from the name for older events without a type (Available ROUTABLE, Offline OFFLINE, any other CUSTOM).' })
  statusType: string;

  @Field(() => Float, { description: 'Activity time: seconds spent in the status during the interval.' })
  activityTimeSeconds: number;
}

/** One agent's workload in one interval. */
@ObjectType({
  description:
    'Workload (Twilio Flex Insights\' model): what one agent did during one interval of local time. Status intervals and contacts are split at interval edges and each piece counts where it happened — a status or call that spans several intervals is not attributed to the interval it started in. Only intervals in which the agent was logged in or handled a contact are listed.',
})
export class Workload {
  @Field(() => ID, { description: 'The agent id.' })
  agentId: string;

  @Field(() => String, { description: 'Amazon Resource Name of the agent.' })
  agentArn: string;

  @Field(() => String, { description: 'The agent\'s username.' })
  username: string;

  @Field(() => Date, { description: 'Start of the interval (UTC, inclusive); a local wall-clock edge in the requested time zone.' })
  intervalStart: Date;

  @Field(() => Date, { description: 'End of the interval (UTC, exclusive).' })
  intervalEnd: Date;

  @Field(() => String, { description: 'Start of the interval as local time with its UTC offset, e.g. 2026-11-19T23:45:00-05:00: group by this for intraday reports.' })
  localIntervalStart: string;

  @Field(() => [WorkloadStatusTime], { description: 'Activity time by status: the seconds spent in each agent status during the interval (within the requested range).' })
  statuses: WorkloadStatusTime[];

  @Field(() => Float, { description: 'Seconds spent in any status during the interval (the sum of `statuses`).' })
  activityTimeSeconds: number;

  @Field(() => Float, { description: 'Talk time: seconds connected to contacts during the interval, customer hold included (CTR connected-to-agent → disconnect); concurrent contacts add up.' })
  talkTimeSeconds: number;

  @Field(() => Float, { description: 'Wrap-up time: seconds of after-contact work during the interval (CTR ACW start → end); concurrent contacts add up.' })
  wrapUpTimeSeconds: number;

  @Field(() => Int, { description: 'Parallel conversations: the most contacts (talking or in wrap-up) the agent had at the same time during the interval.' })
  parallelConversations: number;
}
