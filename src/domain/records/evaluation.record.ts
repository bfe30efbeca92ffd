import { z } from 'zod';
import { parseRecord } from './record-parse';
import { MS_TIMESTAMP_PATTERN } from './record-timestamps';
import { RecordError } from './record.errors';

const msTimestamp = z.string().regex(MS_TIMESTAMP_PATTERN, 'expected yyyy-mm-ddThh:mm:ss.sssZ');

const questionAnswerSchema = z.object({
  questionRefId: z.string(),
  sectionRefId: z.string(),
  sectionTitle: z.string().nullable(),
  parentSectionRefId: z.string().nullable(),
  parentSectionTitle: z.string().nullable(),
  fullSectionTitle: z.string().nullable(),
  /** TEXT, NUMERIC, SINGLESELECT, MULTISELECT, DATETIME today; any type is kept as sent. */
  questionType: z.string(),
  questionText: z.string(),
  /** Absent for question types the sample does not extract (MULTISELECT, DATETIME). */
  questionAnswerValue: z.string().nullable().optional(),
  questionAnswerValueRefId: z.string().nullable().optional(),
  /** `null` for TEXT, for not-applicable answers and (sample quirk) for a real 0 %. */
  questionAnswerScorePercentage: z.number().nullable().optional(),
});

/**
 * A `connect_ef` row: the camelCase summary the Data Analytics Sample extracts from an evaluation
 * export (`extractEvaluationFormDetails`). Scores are percentages; the sample turns 0 into `null`.
 */
export const evaluationRowSchema = z.object({
  evaluationId: z.string().min(1),
  contactId: z.string().min(1),
  instanceId: z.string(),
  agentId: z.string(),
  evaluationDefinitionTitle: z.string(),
  evaluator: z.string(),
  evaluationStartTimestamp: msTimestamp,
  evaluationSubmitTimestamp: msTimestamp,
  evaluationQuestionAnswers: z.array(questionAnswerSchema),
  evaluationSectionsScores: z.array(
    z.object({ sectionRefId: z.string(), sectionTitle: z.string(), sectionScorePercentage: z.number().nullable() }),
  ),
  evaluationFormTotalScorePercentage: z.number().nullable(),
});

/** A parsed `connect_ef` row. */
export type EvaluationRow = z.infer<typeof evaluationRowSchema>;

/** One entry of `EvaluationRow.evaluationQuestionAnswers`. */
export type EvaluationQuestionAnswer = z.infer<typeof questionAnswerSchema>;

const scoreSchema = z.looseObject({
  percentage: z.union([z.number(), z.string()]).optional(),
  notApplicable: z.boolean().optional(),
  automaticFail: z.boolean().optional(),
});

const evaluationSectionSchema = z.looseObject({
  sectionRefId: z.string(),
  sectionTitle: z.string(),
  parentSectionRefId: z.string().optional(),
  score: scoreSchema.optional(),
});

const evaluationQuestionSchema = z.looseObject({
  questionRefId: z.string(),
  sectionRefId: z.string(),
  /** TEXT, NUMERIC, SINGLESELECT, MULTISELECT, DATETIME today; any type is kept as sent. */
  questionType: z.string(),
  questionText: z.string(),
  answer: z
    .looseObject({
      value: z.string().optional(),
      values: z
        .array(z.looseObject({ valueText: z.string(), valueRefId: z.string(), selected: z.boolean().optional() }))
        .optional(),
    })
    .optional(),
  score: scoreSchema.optional(),
});

/** An evaluation export file as Amazon Connect writes it (schema 3.x, camelCase). */
export const evaluationDocumentSchema = z.looseObject({
  schemaVersion: z.string(),
  evaluationId: z.string().min(1),
  metadata: z.looseObject({
    contactId: z.string(),
    accountId: z.string().optional(),
    instanceId: z.string(),
    agentId: z.string(),
    evaluationDefinitionTitle: z.string(),
    evaluator: z.string(),
    evaluationDefinitionId: z.string().optional(),
    evaluationDefinitionVersion: z.number().optional(),
    evaluationStartTimestamp: msTimestamp,
    evaluationSubmitTimestamp: msTimestamp,
    score: scoreSchema.optional(),
  }),
  sections: z.array(evaluationSectionSchema),
  questions: z.array(evaluationQuestionSchema),
});

/** A parsed evaluation export file. */
export type EvaluationDocument = z.infer<typeof evaluationDocumentSchema>;

/**
 * Reads one `connect_ef` row.
 * @throws RecordError `INVALID_RECORD` when it does not have the sample's shape.
 */
export function parseEvaluationRow(json: unknown): EvaluationRow {
  return parseRecord(evaluationRowSchema, 'ef', json);
}

/**
 * Reads one evaluation export file.
 * @throws RecordError `INVALID_RECORD` when it does not have the published shape.
 */
export function parseEvaluationDocument(json: unknown): EvaluationDocument {
  return parseRecord(evaluationDocumentSchema, 'ef', json);
}

/** The sample's `parseFloat(x) || null`: a missing, not-applicable **or 0** score becomes null. */
function scorePercentageOrNull(score: { percentage?: number | string } | undefined): number | null {
  const value = parseFloat(String(score?.percentage));
  return value ? value : null;
}

type AnswerFields = Pick<EvaluationQuestionAnswer, 'questionAnswerValue' | 'questionAnswerValueRefId' | 'questionAnswerScorePercentage'>;

function answerFields(question: EvaluationDocument['questions'][number]): AnswerFields | null {
  switch (question.questionType) {
    case 'TEXT': {
      const value = question.answer?.value;
      return { questionAnswerValue: value === undefined || value === 'undefined' ? null : value, questionAnswerScorePercentage: null };
    }
    case 'NUMERIC':
      return {
        questionAnswerValue: question.answer?.value ?? null,
        questionAnswerScorePercentage: scorePercentageOrNull(question.score),
      };
    case 'SINGLESELECT': {
      const selected = question.answer?.values?.find((option) => option.selected === true);
      return {
        questionAnswerValue: selected?.valueText ?? null,
        questionAnswerValueRefId: selected?.valueRefId ?? null,
        questionAnswerScorePercentage: scorePercentageOrNull(question.score),
      };
    }
    default:
      // The sample logs a warning and extracts nothing for MULTISELECT, DATETIME and newer types.
      return null;
  }
}

/**
 * Extracts the `connect_ef` row from an evaluation export, following the sample's
 * `extractEvaluationFormDetails`: section titles are looked up by `sectionRefId`, a sub-section gets
 * `"<parent> -> <section>"` as `fullSectionTitle`, scores go through `parseFloat(x) || null`
 * (so 0 % becomes null), and MULTISELECT / DATETIME questions keep no answer fields.
 * @throws RecordError `UNKNOWN_SECTION` when a question names a section the file does not define.
 */
export function extractEvaluationRow(document: EvaluationDocument): EvaluationRow {
  const sectionsById = new Map(document.sections.map((section) => [section.sectionRefId, section]));
  const evaluationQuestionAnswers = document.questions.map((question): EvaluationQuestionAnswer => {
    const section = sectionsById.get(question.sectionRefId);
    if (section === undefined) {
      throw new RecordError(
        'UNKNOWN_SECTION',
        'ef',
        `evaluation ${document.evaluationId}: question ${question.questionRefId} names unknown section ${question.sectionRefId}`,
      );
    }
    const parent = section.parentSectionRefId === undefined ? undefined : sectionsById.get(section.parentSectionRefId);
    const parentSectionTitle = section.parentSectionRefId === undefined ? null : (parent?.sectionTitle ?? null);
    return {
      questionRefId: question.questionRefId,
      sectionRefId: question.sectionRefId,
      sectionTitle: section.sectionTitle,
      parentSectionRefId: section.parentSectionRefId ?? null,
      parentSectionTitle,
      fullSectionTitle: parentSectionTitle === null ? section.sectionTitle : `${parentSectionTitle} -> ${section.sectionTitle}`,
      questionType: question.questionType,
      questionText: question.questionText,
      ...answerFields(question),
    };
  });
  return {
    evaluationId: document.evaluationId,
    contactId: document.metadata.contactId,
    instanceId: document.metadata.instanceId,
    agentId: document.metadata.agentId,
    evaluationDefinitionTitle: document.metadata.evaluationDefinitionTitle,
    evaluator: document.metadata.evaluator,
    evaluationStartTimestamp: document.metadata.evaluationStartTimestamp,
    evaluationSubmitTimestamp: document.metadata.evaluationSubmitTimestamp,
    evaluationQuestionAnswers,
    evaluationSectionsScores: document.sections.map((section) => ({
      sectionRefId: section.sectionRefId,
      sectionTitle: section.sectionTitle,
      sectionScorePercentage: scorePercentageOrNull(section.score),
    })),
    evaluationFormTotalScorePercentage: scorePercentageOrNull(document.metadata.score),
  };
}
