import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { fieldIssues, groupsOf } from '#shared/http/edge';
import { StartActivationBody } from '#shared/http/request-schemas';

const issues = (schema: z.ZodMiniType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return fieldIssues(result.error);
};

describe('fieldIssues', () => {
  it('names nested fields the way a person types them', () => {
    expect(
      issues(z.object({ area: z.object({ communes: z.array(z.string()) }) }), {
        area: { communes: ['74010', 3] },
      }),
    ).toEqual([{ field: 'area.communes[1]', message: expect.any(String) }]);
  });

  it('names each unknown property', () => {
    expect(issues(z.strictObject({ a: z.string() }), { a: 'x', priority: 1, colour: 2 })).toEqual([
      { field: 'priority', message: 'Champ inconnu.' },
      { field: 'colour', message: 'Champ inconnu.' },
    ]);
  });

  it('names the body when the whole value is wrong, such as a JSON array', () => {
    expect(issues(StartActivationBody, [])).toEqual([
      { field: 'body', message: expect.stringContaining('objet') },
    ]);
  });

  it('speaks French', () => {
    expect(issues(z.object({ title: z.string() }), {})[0]?.message).toMatch(/attendu/);
  });
});

describe('groupsOf', () => {
  it('reads the groups as Cognito signs them and as API Gateway flattens them', () => {
    expect(groupsOf(['duty-officer', 'prefect'])).toEqual(['duty-officer', 'prefect']);
    expect(groupsOf('[duty-officer prefect]')).toEqual(['duty-officer', 'prefect']);
    expect(groupsOf('[]')).toEqual([]);
    expect(groupsOf(undefined)).toEqual([]);
  });
});
