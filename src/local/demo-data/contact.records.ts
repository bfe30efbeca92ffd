import { buildContactLensRow } from './contact-lens.builder';
import { contactFlowLogLine, type FlowBlockLog } from './contact-flow-log.builder';
import { CtrBuilder } from './ctr.builder';
import { publishCtr } from './delivery-quirks';
import { buildEvaluationRow, EVALUATION_PROBABILITY } from './evaluation.builder';
import { derivePrng, type Prng } from './prng';
import type { SimulationContext } from './simulation.context';
import type { SimContact } from './simulation.types';
import { SECOND_MS } from './time.format';

const CONTACT_LENS_PROBABILITY = 0.85;

/**
 * The records a contact leaves behind: a flow-log line per flow block as it runs, and once the
 * contact is finished its CTR (with re-deliveries), its Contact Lens row and its evaluation.
 */
export class ContactRecords {
  private readonly ctrBuilder: CtrBuilder;
  private readonly cflPrng: Prng;
  private readonly contactLensPrng: Prng;
  private readonly evaluationPrng: Prng;
  private written = 0;

  constructor(private readonly context: SimulationContext) {
    const seed = context.model.seed;
    this.ctrBuilder = new CtrBuilder(context.model);
    this.cflPrng = derivePrng(seed, 'flow-logs');
    this.contactLensPrng = derivePrng(seed, 'contact-lens');
    this.evaluationPrng = derivePrng(seed, 'evaluations');
  }

  /** Distinct contacts whose CTR was written. */
  get contactsWritten(): number {
    return this.written;
  }

  /** Writes one flow block execution, with its CloudWatch arrival time and event id. */
  flowLog(log: FlowBlockLog): void {
    const ingestedMs = log.timestampMs + this.cflPrng.int(150, 2500);
    const line = contactFlowLogLine(log, ingestedMs, this.cflPrng.digits(56, true));
    this.context.emitter.emit('cfl', ingestedMs, ingestedMs, line);
  }

  /** Writes the records of a finished contact: its CTR (with re-deliveries), its Contact Lens row, its evaluation. */
  finish(contact: SimContact): void {
    const { model, emitter, quirkPrng: prng } = this.context;
    const endMs = Math.max(contact.disconnectMs ?? contact.initiationMs, contact.afterContactWorkEndMs ?? 0);
    const lastUpdateMs = endMs + prng.int(20, 95) * SECOND_MS;
    const ctr = this.ctrBuilder.build(contact, lastUpdateMs);
    if (publishCtr(emitter, prng, ctr, contact.initiationMs, lastUpdateMs)) this.written++;
    const handled = contact.agent !== null && contact.connectedToAgentMs !== null;
    if (handled && contact.channel === 'VOICE' && contact.customerAnswered && this.contactLensPrng.chance(CONTACT_LENS_PROBABILITY)) {
      const row = buildContactLensRow(model, contact, this.contactLensPrng);
      if (row !== null) {
        const emittedMs = Math.max(endMs + this.contactLensPrng.int(60, 360) * SECOND_MS, lastUpdateMs + SECOND_MS);
        emitter.emit('cl', Date.parse(row.recordingTimestamp), emittedMs, JSON.stringify(row));
      }
    }
    const evaluable =
      handled &&
      contact.customerAnswered &&
      (contact.channel === 'VOICE' || contact.channel === 'CHAT') &&
      contact.initiationMethod !== 'OUTBOUND';
    if (evaluable && this.evaluationPrng.chance(EVALUATION_PROBABILITY)) {
      const row = buildEvaluationRow(model, contact, this.evaluationPrng);
      if (row !== null) {
        const submittedMs = Date.parse(row.evaluationSubmitTimestamp);
        emitter.emit('ef', submittedMs, submittedMs, JSON.stringify(row));
      }
    }
  }
}
