/** Roles come from the group claim read exactly: a group name that merely contains a role grants nothing. */
import { describe, expect, it } from 'vitest';
import { callerOf, groupsOf } from '#shared/http/edge';
import { apiEvent } from '#tests/helpers/lambda';

const rolesOf = (claim: unknown) =>
  callerOf(
    apiEvent('start-activation', (event) => {
      const claims = event.requestContext.authorizer.jwt.claims as Record<string, unknown>;
      claims['cognito:groups'] = claim;
    }),
  ).roles;

describe('the group claim', () => {
  it.each([
    ['an array of names', ['prefect', 'quality'], ['prefect', 'quality']],
    ['the API Gateway flattening', '[prefect quality]', ['prefect', 'quality']],
    ['a JSON array in a string', '["prefect","quality"]', ['prefect', 'quality']],
    ['a single bare name', 'quality', ['quality']],
    ['an empty flattening', '[]', []],
  ])('reads %s', (_name, claim, roles) => {
    expect(rolesOf(claim)).toEqual(roles);
  });

  it.each([
    ['one group whose name joins two roles with a comma', ['quality,duty-officer']],
    ['the same group flattened by API Gateway', '[quality,duty-officer]'],
    ['a bare name joining two roles with a comma', 'quality,duty-officer'],
    ['a bare name joining two roles with a space', 'quality duty-officer'],
    ['a bare name joining two roles with a tab', 'quality\tduty-officer'],
    ['a flattening split by a tab', '[quality\tduty-officer]'],
    ['a flattening split by a newline', '[quality\nduty-officer]'],
    ['a role with a trailing space', ['duty-officer ']],
    ['a role in another case', ['Duty-Officer']],
    ['a role in a bracket without a closing bracket', '[duty-officer'],
    ['an array holding a number and a nested array', [1, ['duty-officer']]],
    ['a JSON array holding an object', '[{"duty-officer":true}]'],
    ['a number', 42],
  ])('grants no role for %s', (_name, claim) => {
    expect(rolesOf(claim)).toEqual([]);
  });

  it('keeps the group names themselves, unsplit', () => {
    expect(groupsOf(['quality,duty-officer'])).toEqual(['quality,duty-officer']);
    expect(groupsOf('[quality,duty-officer prefect]')).toEqual(['quality,duty-officer', 'prefect']);
    expect(groupsOf('quality duty-officer')).toEqual(['quality duty-officer']);
  });
});
