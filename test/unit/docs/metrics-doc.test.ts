import fs from 'node:fs';
import path from 'node:path';
import { renderMetricCatalogMarkdown } from '../../../src/domain/metrics/metric-catalog.markdown';

const DOC = path.resolve(__dirname, '../../../docs/metrics.md');
const START = '<!-- metric-catalog:start (generated from src/domain/metrics/metric-catalog.ts; UPDATE_METRICS_DOC=1 npx jest test/unit/docs rewrites it) -->';
const END = '<!-- metric-catalog:end -->';

describe('docs/metrics.md', () => {
  it('holds the metric catalog table as the catalog renders it', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const expected = `${START}\n${renderMetricCatalogMarkdown()}\n${END}`;
    const actual = doc.slice(start, end + END.length);
    if (actual !== expected && process.env.UPDATE_METRICS_DOC === '1') {
      fs.writeFileSync(DOC, doc.slice(0, start) + expected + doc.slice(end + END.length));
      return;
    }
    expect(actual).toBe(expected);
  });
});
