import type { EvaluationAnswerRecord, EvaluationRecord, EvaluationSectionScoreRecord } from '../../domain/evaluation';
import type { EvaluationRow } from '../sql/evaluations.sql';
import { dateOrNull, float32Value, jsonArray, stringOrNull, structFields } from './cells';

/** `evaluationSectionsScores` struct fields, in the catalog's order (positional renderings follow it). */
const SECTION_FIELDS = ['sectionRefId', 'sectionTitle', 'sectionScorePercentage'] as const;

/** `evaluationQuestionAnswers` struct fields, in the catalog's order. */
const ANSWER_FIELDS = [
  'questionRefId', 'sectionRefId', 'sectionTitle', 'parentSectionRefId', 'parentSectionTitle', 'fullSectionTitle',
  'questionType', 'questionText', 'questionAnswerValue', 'questionAnswerValueRefId', 'questionAnswerScorePercentage',
] as const;

function sectionScores(json: string | null): EvaluationSectionScoreRecord[] {
  return jsonArray(json).map((element) => {
    const f = structFields(element, SECTION_FIELDS);
    return { sectionRefId: stringOrNull(f.sectionRefId), sectionTitle: stringOrNull(f.sectionTitle), scorePercentage: float32Value(f.sectionScorePercentage) };
  });
}

function answers(json: string | null): EvaluationAnswerRecord[] {
  return jsonArray(json).map((element) => {
    const f = structFields(element, ANSWER_FIELDS);
    return {
      questionRefId: stringOrNull(f.questionRefId),
      questionType: stringOrNull(f.questionType),
      questionText: stringOrNull(f.questionText),
      sectionRefId: stringOrNull(f.sectionRefId),
      sectionTitle: stringOrNull(f.sectionTitle),
      parentSectionRefId: stringOrNull(f.parentSectionRefId),
      parentSectionTitle: stringOrNull(f.parentSectionTitle),
      fullSectionTitle: stringOrNull(f.fullSectionTitle),
      value: stringOrNull(f.questionAnswerValue),
      valueRefId: stringOrNull(f.questionAnswerValueRefId),
      scorePercentage: float32Value(f.questionAnswerScorePercentage),
    };
  });
}

/**
 * Maps an evaluation row of the builders to the service's evaluation. Scores are single-precision in
 * storage and come back as the shortest decimal (96.67, not 96.66999816894531); a null score stays
 * null (not scored, or 0 % turned into null by the sample's extraction).
 * @throws Error when the submission time is unreadable (it names the row's partition, so it always exists).
 */
export function toEvaluationRecord(row: EvaluationRow): EvaluationRecord {
  const submittedAt = dateOrNull(row.submit_timestamp);
  if (submittedAt === null) throw new Error(`evaluation ${row.evaluation_id} has no readable evaluationSubmitTimestamp`);
  return {
    evaluationId: row.evaluation_id,
    contactId: row.contact_id,
    instanceId: row.instance_id,
    agentId: row.agent_id,
    evaluator: row.evaluator,
    formTitle: row.form_title,
    startedAt: dateOrNull(row.start_timestamp),
    submittedAt,
    totalScorePercentage: float32Value(row.total_score_percentage),
    sectionScores: sectionScores(row.section_scores),
    answers: answers(row.question_answers),
  };
}
