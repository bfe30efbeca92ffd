/**
 * A submitted contact evaluation in the Data Analytics Sample's extracted shape (`connect_ef`).
 * Percentages are 0–100; the sample writes `null` for a score of 0 % as well as for questions and
 * sections that are not scored (`parseFloat(x) || null`). Mirrors the GraphQL `Evaluation`.
 */
export interface EvaluationRecord {
  evaluationId: string;
  contactId: string;
  instanceId: string | null;
  /** The evaluated agent's id (the last part of the agent ARN). */
  agentId: string | null;
  evaluator: string | null;
  /** The evaluation form's title (`evaluationDefinitionTitle`). */
  formTitle: string | null;
  startedAt: Date | null;
  submittedAt: Date;
  totalScorePercentage: number | null;
  sectionScores: EvaluationSectionScoreRecord[];
  answers: EvaluationAnswerRecord[];
}

/** The score of one form section. */
export interface EvaluationSectionScoreRecord {
  sectionRefId: string | null;
  sectionTitle: string | null;
  scorePercentage: number | null;
}

/** The answer to one form question. */
export interface EvaluationAnswerRecord {
  questionRefId: string | null;
  questionType: string | null;
  questionText: string | null;
  sectionRefId: string | null;
  sectionTitle: string | null;
  parentSectionRefId: string | null;
  parentSectionTitle: string | null;
  fullSectionTitle: string | null;
  value: string | null;
  valueRefId: string | null;
  scorePercentage: number | null;
}
