import { t } from './column-type';
import type { TableDefinition } from './table-definition';

/**
 * `connect_ef`: one row per submitted evaluation in the sample's extracted shape, partitioned by
 * `evaluationSubmitTimestamp` (often days after the contact).
 */
export const efTable: TableDefinition = {
  name: 'connect_ef',
  folder: 'ef',
  description: 'Submitted contact evaluations: form, evaluator, total and section scores, question answers.',
  partitionTimestamp: 'evaluationSubmitTimestamp',
  columns: [
    { name: 'evaluationId', type: t.string },
    { name: 'contactId', type: t.string },
    { name: 'instanceId', type: t.string },
    { name: 'agentId', type: t.string },
    { name: 'evaluationDefinitionTitle', type: t.string },
    { name: 'evaluator', type: t.string },
    { name: 'evaluationStartTimestamp', type: t.string },
    { name: 'evaluationSubmitTimestamp', type: t.string },
    {
      name: 'evaluationQuestionAnswers',
      type: t.array(
        t.struct({
          questionRefId: t.string,
          sectionRefId: t.string,
          sectionTitle: t.string,
          parentSectionRefId: t.string,
          parentSectionTitle: t.string,
          fullSectionTitle: t.string,
          questionType: t.string,
          questionText: t.string,
          questionAnswerValue: t.string,
          questionAnswerValueRefId: t.string,
          questionAnswerScorePercentage: t.float,
        }),
      ),
    },
    {
      name: 'evaluationSectionsScores',
      type: t.array(t.struct({ sectionRefId: t.string, sectionTitle: t.string, sectionScorePercentage: t.float })),
    },
    { name: 'evaluationFormTotalScorePercentage', type: t.float },
  ],
};
