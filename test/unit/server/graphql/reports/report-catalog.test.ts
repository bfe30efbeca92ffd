import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, print } from 'graphql';
import { REPORT_CATALOG, resolveReports } from '../../../../../src/server/graphql/reports/report-catalog';

/** A manifest of documents/reports.graphql, one document per operation (as the client preset registers them). */
function reportsManifest(): Record<string, string> {
  const source = fs.readFileSync(path.resolve(__dirname, '../../../../../documents/reports.graphql'), 'utf8');
  const documents = parse(source).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).map((d) => print(d));
  return Object.fromEntries(documents.map((d) => [`sha256:${createHash('sha256').update(d).digest('hex')}`, d]));
}

describe('resolveReports', () => {
  it('finds every report operation of documents/reports.graphql by name', () => {
    const manifest = reportsManifest();
    const reports = resolveReports(manifest, 'manifest.json');
    expect(reports.map((r) => r.name)).toEqual(REPORT_CATALOG.map((r) => r.name));
    for (const r of reports) expect(Object.values(manifest)).toContain(r.document);
    expect(new Set(reports.map((r) => r.name)).size).toBe(reports.length);
    for (const r of reports) expect(r.name).toMatch(/^[a-z0-9-]+$/);
  });

  it('reads each report\'s columns from its metrics input, named as MetricsResult.table names them', () => {
    const byName = new Map(resolveReports(reportsManifest(), 'manifest.json').map((r) => [r.name, r.columns.map((c) => c.name)]));
    const interval = ['interval_start', 'interval_end', 'interval_start_local'];
    expect(byName.get('queue-summary')).toEqual([...interval, 'queue', 'contacts_queued', 'contacts_handled', 'contacts_abandoned', 'avg_handle_time_seconds', 'service_level_lt_20s', 'service_level_lt_60s']);
    expect(byName.get('calls-by-reason')).toEqual([...interval, 'contact_attribute_call_reason', 'contacts_created']);
    expect(byName.get('abandoned-calls')).toEqual([...interval, 'contact_attribute_call_reason', 'contacts_abandoned', 'avg_abandon_time_seconds', 'sum_contacts_abandoned_in_lte_12s']);
    expect(byName.get('answered-calls')).toEqual([...interval, 'contact_attribute_call_reason', 'contacts_handled', 'avg_queue_answer_time_seconds', 'avg_interaction_time_seconds', 'avg_after_contact_work_time_seconds']);
    expect(byName.get('disconnect-reasons')).toEqual([...interval, 'disconnect_reason', 'sum_contacts_disconnected']);
    expect(byName.get('sentiment-by-queue')).toEqual([...interval, 'queue', 'contacts_analyzed', 'avg_sentiment_customer', 'avg_sentiment_agent']);
    expect(byName.get('evaluation-scores')).toEqual([...interval, 'evaluation_form', 'evaluations_performed', 'avg_evaluation_score']);
  });

  it('refuses a manifest without a report operation, naming it and how to register it', () => {
    const manifest = Object.fromEntries(Object.entries(reportsManifest()).filter(([, d]) => !d.includes('ReportEvaluationScores')));
    expect(() => resolveReports(manifest, '/srv/persisted-documents.json')).toThrow(
      /the operations ReportEvaluationScores \(\/reports\/evaluation-scores\) are not in the trusted-documents manifest \/srv\/persisted-documents.json.*npm run build/,
    );
  });
});
