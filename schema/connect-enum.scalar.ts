import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { CHANNELS, INITIATION_METHODS, listOf } from '../src/domain/records/connect-enums';

/** Longest value an open Connect enumeration scalar accepts, in characters (Connect's own names are far shorter). */
export const CONNECT_ENUM_MAX_LENGTH = 128;

function checked(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.length > CONNECT_ENUM_MAX_LENGTH) {
    throw new GraphQLError(`${name} must be a non-empty name of at most ${CONNECT_ENUM_MAX_LENGTH} characters; got ${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * A scalar for an input that takes a value of one of Amazon Connect's enumerations, which grow
 * (reference quirk 12): any non-empty name is accepted and passed on exactly as written. A literal
 * may be written bare, as an enum value (`channel: VOICE`: queries written when the input was a
 * GraphQL enum keep validating — graphql-js hands the enum-value node to `parseLiteral`) or as a
 * string (`channel: "VOICE"`); variables carry strings.
 * @param known - today's documented values, listed in the description (user documentation), not enforced.
 * @param meanings - what some of the values mean, shown next to them in the description.
 */
export function connectEnumScalar(
  name: string,
  what: string,
  known: readonly string[],
  meanings: Readonly<Record<string, string>> = {},
): GraphQLScalarType<string, string> {
  const listed = known.map((value) => (meanings[value] ? `${value} (${meanings[value]})` : value));
  return new GraphQLScalarType<string, string>({
    name,
    description:
      `${what} Known values today: ${listOf(listed)}. Amazon Connect adds values over time, so any other name is accepted and matched exactly as written (case-sensitive). ` +
      `Write it bare like an enum value (${known[0]}) or as a string ("${known[0]}"); in variables, as a string.`,
    serialize: (value) => checked(name, value),
    parseValue: (value) => checked(name, value),
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind === Kind.ENUM || ast.kind === Kind.STRING) return checked(name, ast.value);
      throw new GraphQLError(`${name} must be a name such as ${known[0]} or "${known[0]}"; got ${print(ast)}.`, { nodes: ast });
    },
  });
}

/** A contact channel (CTR `Channel`) in filters: VOICE, CHAT, TASK, EMAIL, or any channel Connect adds. */
export const ChannelScalar = connectEnumScalar('Channel', 'How the customer reached the contact center (the CTR `Channel`).', CHANNELS, {
  VOICE: 'a phone call',
  CHAT: 'a chat conversation',
  TASK: 'a task, a work item routed like a contact',
  EMAIL: 'an email contact',
});

/** An initiation method (CTR `InitiationMethod`) in filters: the documented ones, or any method Connect adds. */
export const InitiationMethodScalar = connectEnumScalar('InitiationMethod', 'How a contact was initiated (the CTR `InitiationMethod`).', INITIATION_METHODS, {
  INBOUND: 'the customer called or started a chat',
  OUTBOUND: 'an agent called the customer from the Contact Control Panel',
  TRANSFER: 'an agent transferred the customer to another agent or queue with a quick connect; a new contact record is created',
  QUEUE_TRANSFER: 'a flow moved the customer from one queue to another while waiting',
  CALLBACK: 'the customer is called back as part of a queued callback',
  API: 'started through the API: StartOutboundVoiceContact, StartChatContact, tasks',
  DISCONNECT: 'created by a disconnect flow',
  MONITOR: 'a supervisor monitoring a contact',
  EXTERNAL_OUTBOUND: 'an agent called an external participant into a contact',
  WEBRTC_API: 'an in-app, web or video call',
  AGENT_REPLY: 'an agent replied to an email',
  FLOW: 'started by a flow',
});
