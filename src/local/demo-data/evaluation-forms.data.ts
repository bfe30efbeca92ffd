import { QUEUE } from './contact-center.model';

/** A question of a demo evaluation form. */
export interface FormQuestion {
  readonly refId: string;
  readonly sectionRefId: string;
  readonly type: 'SINGLESELECT' | 'NUMERIC' | 'TEXT';
  readonly text: string;
  /** SINGLESELECT options (`Yes` scores 100, `No` 0, `N/A` is not applicable). */
  readonly options?: readonly { readonly text: string; readonly refId: string }[];
}

/** A section (or sub-section when `parentRefId` is set) of a demo evaluation form. */
export interface FormSection {
  readonly refId: string;
  readonly title: string;
  readonly parentRefId?: string;
}

/** A demo evaluation form and the queues whose contacts it evaluates. */
export interface EvaluationForm {
  readonly title: string;
  readonly version: number;
  readonly queueIndexes: readonly number[];
  readonly sections: readonly FormSection[];
  readonly questions: readonly FormQuestion[];
}

const yesNo = (prefix: string) => [
  { text: 'Yes', refId: `${prefix}y` },
  { text: 'No', refId: `${prefix}n` },
];
const yesNoNa = (prefix: string) => [...yesNo(prefix), { text: 'N/A', refId: `${prefix}x` }];

/**
 * The evaluation forms of the demo instance. `SalesDepartmentForm1` is the form the sample's README
 * queries by title. Sub-sections exercise `parentSectionRefId` / `fullSectionTitle`.
 */
export const EVALUATION_FORMS: readonly EvaluationForm[] = [
  {
    title: 'SalesDepartmentForm1',
    version: 3,
    queueIndexes: [QUEUE.SALES],
    sections: [
      { refId: 's5a1e0c01', title: 'Greeting' },
      { refId: 's5a1e0c02', title: 'Needs analysis' },
      { refId: 's5a1e0c03', title: 'Closing' },
      { refId: 's5a1e0c04', title: 'Order compliance', parentRefId: 's5a1e0c03' },
    ],
    questions: [
      { refId: 'q5a1e0a01', sectionRefId: 's5a1e0c01', type: 'SINGLESELECT', text: 'Did the agent introduce themselves?', options: yesNo('o5a1e0a01') },
      { refId: 'q5a1e0a02', sectionRefId: 's5a1e0c01', type: 'SINGLESELECT', text: 'Did the agent verify the customer account?', options: yesNo('o5a1e0a02') },
      { refId: 'q5a1e0a03', sectionRefId: 's5a1e0c02', type: 'NUMERIC', text: 'How well did the agent identify the customer needs (1-10)?' },
      { refId: 'q5a1e0a04', sectionRefId: 's5a1e0c02', type: 'SINGLESELECT', text: 'Did the agent offer a relevant product?', options: yesNoNa('o5a1e0a04') },
      { refId: 'q5a1e0a05', sectionRefId: 's5a1e0c04', type: 'SINGLESELECT', text: 'Did the agent read the order back to the customer?', options: yesNoNa('o5a1e0a05') },
      { refId: 'q5a1e0a06', sectionRefId: 's5a1e0c03', type: 'TEXT', text: 'Coaching notes' },
    ],
  },
  {
    title: 'CustomerServiceForm',
    version: 2,
    queueIndexes: [QUEUE.SUPPORT, QUEUE.BASIC],
    sections: [
      { refId: 'sc5f0b101', title: 'Opening' },
      { refId: 'sc5f0b102', title: 'Resolution' },
      { refId: 'sc5f0b103', title: 'Soft skills' },
      { refId: 'sc5f0b104', title: 'Empathy', parentRefId: 'sc5f0b103' },
    ],
    questions: [
      { refId: 'qc5f0a101', sectionRefId: 'sc5f0b101', type: 'SINGLESELECT', text: 'Did the agent use the standard greeting?', options: yesNo('oc5f0a101') },
      { refId: 'qc5f0a102', sectionRefId: 'sc5f0b102', type: 'SINGLESELECT', text: 'Was the issue resolved on this contact?', options: yesNo('oc5f0a102') },
      { refId: 'qc5f0a103', sectionRefId: 'sc5f0b102', type: 'NUMERIC', text: 'Rate the accuracy of the information given (1-10)' },
      { refId: 'qc5f0a104', sectionRefId: 'sc5f0b104', type: 'SINGLESELECT', text: 'Did the agent acknowledge the customer frustration?', options: yesNoNa('oc5f0a104') },
      { refId: 'qc5f0a105', sectionRefId: 'sc5f0b103', type: 'SINGLESELECT', text: 'Did the agent avoid jargon?', options: yesNo('oc5f0a105') },
      { refId: 'qc5f0a106', sectionRefId: 'sc5f0b103', type: 'TEXT', text: 'Describe the outcome.' },
    ],
  },
  {
    title: 'BillingComplianceForm',
    version: 1,
    queueIndexes: [QUEUE.BILLING],
    sections: [
      { refId: 'sb1c0d201', title: 'Identity verification' },
      { refId: 'sb1c0d202', title: 'Payment handling' },
      { refId: 'sb1c0d203', title: 'PCI compliance', parentRefId: 'sb1c0d202' },
    ],
    questions: [
      { refId: 'qb1c0a201', sectionRefId: 'sb1c0d201', type: 'SINGLESELECT', text: 'Did the agent complete identity verification?', options: yesNo('ob1c0a201') },
      { refId: 'qb1c0a202', sectionRefId: 'sb1c0d202', type: 'NUMERIC', text: 'How clearly were the charges explained (1-10)?' },
      { refId: 'qb1c0a203', sectionRefId: 'sb1c0d203', type: 'SINGLESELECT', text: 'Did the agent avoid reading card numbers aloud?', options: yesNo('ob1c0a203') },
      { refId: 'qb1c0a204', sectionRefId: 'sb1c0d202', type: 'TEXT', text: 'Notes for the billing team' },
    ],
  },
];
