/** GET /reports/commitments?year=&format= — the yearly Qual-e-pref review, as JSON or as CSV for a spreadsheet. */

import type { Ports } from '#domain/ports';
import { DEFAULT_EXERCISE_POLICY, type ExercisePolicy, reportCsv } from '#domain/report';
import type { Config } from '#shared/config';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { commitmentsReport } from '#use-cases/commitments-report';
import * as awsRoot from '../aws-root.ts';

export const createGetCommitmentsReportHandler = (
  deps: () => Pick<Ports, 'store' | 'timeline' | 'clock'>,
  settings: () => { policy?: ExercisePolicy } = () => ({}),
) =>
  httpHandler(routes.getCommitmentsReport, async ({ query }) => {
    const report = await commitmentsReport({ year: query.year }, deps(), settings());
    return query.format === 'csv'
      ? {
          statusCode: 200,
          body: reportCsv(report),
          file: { contentType: 'text/csv; charset=utf-8', name: `revue-module7-${query.year}.csv` },
        }
      : { statusCode: 200, body: report };
  });

export const handler = createGetCommitmentsReportHandler(
  () => ({ store: awsRoot.store(), timeline: awsRoot.timeline(), clock: awsRoot.systemClock }),
  () => ({ policy: exercisePolicyOf(awsRoot.config()) }),
);

/** The exercise policy of the deployment, the default's values where it sets none. */
export const exercisePolicyOf = (
  config: Pick<Config, 'exercisesPerYear' | 'exerciseMaxMonths'>,
): ExercisePolicy => ({
  minPerYear: config.exercisesPerYear ?? DEFAULT_EXERCISE_POLICY.minPerYear,
  maxMonthsBetween: config.exerciseMaxMonths ?? DEFAULT_EXERCISE_POLICY.maxMonthsBetween,
});
