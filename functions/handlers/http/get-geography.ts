/** GET /geography — the department's arrondissements and communes, for the activate form's area picker. */
import { loadDepartment } from '#adapters/etalab-geography';
import type { Department } from '#domain/geography';
import { readConfig } from '#shared/config';
import { httpHandler } from '#shared/http/edge';
import { once } from '#shared/once';
import * as routes from '#shared/routes';

export const createGetGeographyHandler = (deps: () => { department: Department }) =>
  httpHandler(routes.getGeography, async () => {
    const { department } = deps();
    const counts = new Map<string, number>();
    for (const commune of department.communes)
      counts.set(commune.arrondissement, (counts.get(commune.arrondissement) ?? 0) + 1);
    return {
      statusCode: 200,
      body: {
        department: department.code,
        arrondissements: department.arrondissements.map((arrondissement) => ({
          ...arrondissement,
          communes: counts.get(arrondissement.code) ?? 0,
        })),
        communes: department.communes.map(({ code, name, arrondissement }) => ({
          code,
          name,
          arrondissement,
        })),
      },
    };
  });

// The configuration read here rather than through `aws-root.ts`, whose import loads the DynamoDB client this
// function never calls (~190 kB).
export const handler = createGetGeographyHandler(
  once(() => ({ department: loadDepartment(readConfig().department) })),
);
