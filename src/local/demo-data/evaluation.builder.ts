import { extractEvaluationRow, type EvaluationDocument, type EvaluationRow } from '../../domain/records';
import type { ContactCenterModel } from './contact-center.model';
import { EVALUATION_FORMS, type EvaluationForm, type FormQuestion } from './evaluation-forms.data';
import { derivePrng, type Prng } from './prng';
import type { SimContact } from './simulation.types';
import { DAY_MS, MINUTE_MS, SECOND_MS, formatMsTimestamp } from './time.format';
import { localDateOf, localTimeToUtcMs } from '../../domain/time-zone';

/** Share of agent-handled inbound contacts (voice and chat) a team lead evaluates. */
export const EVALUATION_PROBABILITY = 0.04;

const COMMENTS: readonly string[] = [
  'Good rapport, confirm the order number earlier.',
  'Customer needed two transfers; escalate sooner.',
  'Clear explanation, slightly long hold.',
  'Follow the closing script.',
  'Example of great empathy.',
  '',
];

/** The form used for a contact's queue, if any. */
export function formForQueue(queueIndex: number | null): EvaluationForm | undefined {
  return queueIndex === null ? undefined : EVALUATION_FORMS.find((form) => form.queueIndexes.includes(queueIndex));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

interface Scored {
  readonly sectionRefId: string;
  readonly percentage: number | undefined;
}

/**
 * The evaluation of a handled contact, built as an evaluation export (schema 3.1) and turned into the
 * `connect_ef` row by the same extraction as the sample (so 0 % scores come out as null, like there).
 * Started 1–5 days after the contact, during the team lead's working hours; submitted minutes later.
 * Returns null when the contact's queue has no form or the contact was not handled by an agent.
 */
export function buildEvaluationRow(model: ContactCenterModel, contact: SimContact, prng: Prng): EvaluationRow | null {
  const form = formForQueue(contact.queueIndex);
  const agent = contact.agent;
  const endMs = contact.afterContactWorkEndMs;
  if (form === undefined || agent === null || endMs === null) return null;
  const timeZone = model.instance.timeZone;
  // A later local day (1–5 days on), during office hours: always after the contact ended.
  const date = localDateOf(timeZone, endMs + prng.int(1, 5) * DAY_MS);
  const startMs = localTimeToUtcMs(timeZone, date, prng.int(9 * 60, 17 * 60 - 30)) + prng.int(0, 59_999);
  const submitMs = startMs + prng.int(3, 20) * MINUTE_MS + prng.int(0, 59) * SECOND_MS + prng.int(0, 999);
  const quality = agent.model.quality;
  const scored: Scored[] = [];
  const questions = form.questions.map((question) => answerQuestion(question, quality, prng, scored));
  const sectionScore = (refId: string): number | undefined => {
    const childIds = new Set([refId, ...form.sections.filter((s) => s.parentRefId === refId).map((s) => s.refId)]);
    const values = scored.filter((s) => childIds.has(s.sectionRefId) && s.percentage !== undefined).map((s) => s.percentage as number);
    return values.length === 0 ? undefined : round2(values.reduce((a, b) => a + b, 0) / values.length);
  };
  const sections = form.sections.map((section) => {
    const percentage = sectionScore(section.refId);
    return {
      sectionRefId: section.refId,
      sectionTitle: section.title,
      ...(section.parentRefId === undefined ? {} : { parentSectionRefId: section.parentRefId }),
      score: percentage === undefined ? { notApplicable: true } : { percentage },
    };
  });
  const topLevel = form.sections.filter((s) => s.parentRefId === undefined).map((s) => sectionScore(s.refId)).filter((v): v is number => v !== undefined);
  const total = topLevel.length === 0 ? undefined : round2(topLevel.reduce((a, b) => a + b, 0) / topLevel.length);
  const document: EvaluationDocument = {
    schemaVersion: '3.1',
    evaluationId: prng.uuid(),
    metadata: {
      contactId: contact.id,
      accountId: model.instance.awsAccountId,
      instanceId: model.instance.id,
      agentId: agent.model.id,
      evaluationDefinitionTitle: form.title,
      evaluator: agent.model.evaluatorUsername,
      evaluationDefinitionId: derivePrng(model.seed, 'evaluation-form', form.title).uuid(),
      evaluationDefinitionVersion: form.version,
      evaluationStartTimestamp: formatMsTimestamp(startMs),
      evaluationSubmitTimestamp: formatMsTimestamp(submitMs),
      score: total === undefined ? { notApplicable: true } : { percentage: total },
    },
    sections,
    questions,
  };
  return extractEvaluationRow(document);
}

function answerQuestion(question: FormQuestion, quality: number, prng: Prng, scored: Scored[]): EvaluationDocument['questions'][number] {
  const base = { questionRefId: question.refId, sectionRefId: question.sectionRefId, questionType: question.type, questionText: question.text };
  switch (question.type) {
    case 'SINGLESELECT': {
      const options = question.options ?? [];
      const notApplicable = options.length > 2 && prng.chance(0.12);
      const yes = !notApplicable && prng.chance(quality);
      const chosen = notApplicable ? options[2] : yes ? options[0] : options[1];
      const percentage = notApplicable ? undefined : yes ? 100 : 0;
      scored.push({ sectionRefId: question.sectionRefId, percentage });
      return {
        ...base,
        answer: {
          values: options.map((option) => ({ valueText: option.text, valueRefId: option.refId, selected: option === chosen })),
          metadata: { notApplicable },
        },
        score: percentage === undefined ? { notApplicable: true } : { percentage },
      };
    }
    case 'NUMERIC': {
      if (prng.chance(0.08)) {
        scored.push({ sectionRefId: question.sectionRefId, percentage: undefined });
        return { ...base, answer: { value: '', metadata: { notApplicable: true } }, score: { notApplicable: true } };
      }
      const value = Math.max(1, Math.min(10, Math.round(quality * 10 + 1.5 * prng.normal())));
      scored.push({ sectionRefId: question.sectionRefId, percentage: value * 10 });
      return { ...base, answer: { value: String(value), metadata: { notApplicable: false } }, score: { percentage: value * 10 } };
    }
    case 'TEXT':
      return { ...base, answer: { value: prng.pick(COMMENTS), metadata: { notApplicable: false } }, score: { notApplicable: true } };
  }
}
