/**
 * One step of a contact's journey through contact flows: one contact flow log entry (one block that
 * ran). Mirrors the GraphQL `ContactFlowStep`.
 */
export interface ContactFlowStep {
  /** When the block ran (the log entry's own `Timestamp`, flow time, millisecond precision). */
  timestamp: Date;
  /** When CloudWatch ingested the entry (the row's `timestamp`, which names its partition). */
  loggedTimestamp: Date | null;
  /** The CloudWatch log event id; unique per entry. */
  eventId: string;
  /** ARN of the contact flow. */
  contactFlowId: string | null;
  contactFlowName: string | null;
  /** The block type: SetLoggingBehavior, PlayPrompt, GetUserInput, SetAttributes, SetQueue … */
  moduleType: string | null;
  /** The block's identifier in the flow. */
  identifier: string | null;
  /** The block's parameters as logged. */
  parameters: Record<string, unknown>;
  /** The block's result (for GetUserInput: the key pressed, Timeout, NoMatchingCondition, Error; for Lex: the intent). */
  results: string | null;
  /** What an external resource (Lambda) returned. */
  externalResults: Record<string, unknown> | null;
}

/** A customer input collected by a GetUserInput block. Mirrors the GraphQL `DtmfInput`. */
export interface DtmfInput {
  timestamp: Date;
  contactFlowName: string | null;
  identifier: string | null;
  /** The block's result: the key pressed (`1`), or `Timeout`, `NoMatchingCondition`, `Error`. */
  result: string;
}

/** The module type of blocks that collect customer input (DTMF or Lex). */
export const GET_USER_INPUT_MODULE_TYPE = 'GetUserInput';

/**
 * The customer inputs of a journey, in journey order: the steps of GetUserInput blocks that have a
 * result, as the Data Analytics Sample's DTMF query selects them. Pure.
 */
export function dtmfInputsOf(journey: readonly ContactFlowStep[]): DtmfInput[] {
  return journey
    .filter((step) => step.moduleType === GET_USER_INPUT_MODULE_TYPE && step.results !== null && step.results !== '')
    .map((step) => ({ timestamp: step.timestamp, contactFlowName: step.contactFlowName, identifier: step.identifier, result: step.results as string }));
}
