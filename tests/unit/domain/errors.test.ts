import { describe, expect, it } from 'vitest';
import * as errors from '#domain/errors';

describe('domain errors', () => {
  it('name themselves after their class, in a literal that survives minification', () => {
    const classes = (Object.entries(errors) as [string, unknown][]).filter(
      (entry): entry is [string, new (...args: unknown[]) => errors.DomainError] =>
        typeof entry[1] === 'function' && entry[1].prototype instanceof errors.DomainError,
    );

    expect(classes.length).toBeGreaterThanOrEqual(8);
    for (const [exported, type] of classes) expect(new type([]).name, exported).toBe(exported);
  });
});
