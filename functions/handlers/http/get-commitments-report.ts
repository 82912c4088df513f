/** GET /reports/commitments?year=&format= — the yearly Qual-e-pref review, as JSON or as CSV for a spreadsheet. */

import type { Ports } from '#domain/ports';
import { reportCsv } from '#domain/report';
import { httpHandler } from '#shared/http/edge';
import { routes } from '#shared/routes';
import { commitmentsReport } from '#use-cases/commitments-report';
import { awsRoot, systemClock } from '../aws-root.ts';

export const createGetCommitmentsReportHandler = (deps: () => Pick<Ports, 'store' | 'timeline' | 'clock'>) =>
  httpHandler(routes.getCommitmentsReport, async ({ query }) => {
    const report = await commitmentsReport({ year: query.year }, deps());
    return query.format === 'csv'
      ? {
          statusCode: 200,
          body: reportCsv(report),
          file: { contentType: 'text/csv; charset=utf-8', name: `revue-module7-${query.year}.csv` },
        }
      : { statusCode: 200, body: report };
  });

export const handler = createGetCommitmentsReportHandler(() => ({
  store: awsRoot.store(),
  timeline: awsRoot.timeline(),
  clock: systemClock,
}));
