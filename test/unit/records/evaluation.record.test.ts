import { RecordError, extractEvaluationRow, parseEvaluationDocument, parseEvaluationRow } from '../../../src/domain/records';
import { fixtureFiles, fixtureJson } from './published-fixtures';

describe('evaluation readers', () => {
  it('reads every published evaluation export', () => {
    const files = fixtureFiles('real', /^ef-.*\.json$/);
    expect(files).toHaveLength(3);
    for (const file of files) expect(() => parseEvaluationRow(extractEvaluationRow(parseEvaluationDocument(fixtureJson(file))))).not.toThrow();
  });

  it('extracts the documented row from the 3.1 example', () => {
    const row = extractEvaluationRow(parseEvaluationDocument(fixtureJson('real/ef-evaluation-aws-docs-2023-schema3.1.json')));
    expect(row.evaluationFormTotalScorePercentage).toBe(100);
    expect(row.evaluationSectionsScores).toEqual([
      { sectionRefId: 's1a1b58d6', sectionTitle: 'The title of the section', sectionScorePercentage: 100 },
      { sectionRefId: 's46661c49', sectionTitle: 'The title of the subsection', sectionScorePercentage: 100 },
    ]);
    const [numeric, single, text] = row.evaluationQuestionAnswers;
    expect(numeric).toMatchObject({
      questionType: 'NUMERIC',
      questionAnswerValue: '',
      questionAnswerScorePercentage: null,
      parentSectionRefId: 's1a1b58d6',
      fullSectionTitle: 'The title of the section -> The title of the subsection',
    });
    expect(single).toMatchObject({ questionAnswerValue: 'Yes', questionAnswerValueRefId: 'o6999aa94', questionAnswerScorePercentage: 100 });
    expect(text).toMatchObject({ questionType: 'TEXT', questionAnswerValue: 'Example answer text', questionAnswerScorePercentage: null });
  });

  it('keeps the sample quirks on the 3.5 export: 0 % becomes null, MULTISELECT and DATETIME carry no answer', () => {
    const row = extractEvaluationRow(parseEvaluationDocument(fixtureJson('real/ef-evaluation-aws-docs-current-schema3.5-sample-exported.json')));
    expect(row.evaluationFormTotalScorePercentage).toBe(85);
    const byType = (type: string) => row.evaluationQuestionAnswers.filter((answer) => answer.questionType === type);
    for (const answer of [...byType('MULTISELECT'), ...byType('DATETIME')]) expect(answer).not.toHaveProperty('questionAnswerValue');
    const failed = byType('SINGLESELECT').find((answer) => answer.questionAnswerValueRefId !== null && answer.questionAnswerScorePercentage === null);
    expect(failed).toBeDefined();
  });

  it('throws UNKNOWN_SECTION when a question names a section the file lacks', () => {
    const document = parseEvaluationDocument(fixtureJson('real/ef-evaluation-aws-docs-2023-schema3.1.json'));
    const broken = { ...document, sections: document.sections.slice(0, 1) };
    expect(() => extractEvaluationRow(broken)).toThrow(RecordError);
  });
});
