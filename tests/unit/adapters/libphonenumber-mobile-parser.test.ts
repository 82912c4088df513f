import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FRENCH_PLANS, mobileParserFor } from '#adapters/libphonenumber-mobile-parser';

const METADATA_FILE = new URL('../../../functions/adapters/french-mobile-metadata.json', import.meta.url);

/** The installed library's mobile metadata, narrowed to the calling codes of the French plans. */
const expectedMetadata = () => {
  const full = createRequire(import.meta.url)('libphonenumber-js/metadata.mobile.json') as {
    version: number;
    country_calling_codes: Record<string, string[]>;
    countries: Record<string, unknown>;
  };
  const codes = Object.fromEntries(
    Object.entries(full.country_calling_codes).filter(([, countries]) =>
      countries.some((country) => (FRENCH_PLANS as readonly string[]).includes(country)),
    ),
  );
  return {
    version: full.version,
    country_calling_codes: codes,
    countries: Object.fromEntries(
      Object.values(codes)
        .flat()
        .map((country) => [country, full.countries[country]]),
    ),
  };
};

describe('the mobile parser', () => {
  it('keeps the narrowed metadata equal to the installed libphonenumber-js (UPDATE_PHONE_METADATA=1 rewrites it)', () => {
    if (process.env['UPDATE_PHONE_METADATA'] === '1') {
      writeFileSync(METADATA_FILE, `${JSON.stringify(expectedMetadata(), null, 2)}\n`);
    }

    expect(JSON.parse(readFileSync(METADATA_FILE, 'utf8'))).toEqual(expectedMetadata());
  });

  it.each([
    ['74', '06 12 34 56 78', '+33612345678'],
    ['74', '+33 7 81 23 45 67', '+33781234567'],
    ['74', '+262 692 12 34 56', '+262692123456'],
    ['974', '0692 12 34 56', '+262692123456'],
    ['971', '0690 12 34 56', '+590690123456'],
  ])('reads, for department %s, %s as %s', (department, typed, e164) => {
    expect(mobileParserFor(department)(typed)).toBe(e164);
  });

  it.each([
    ['a landline', '04 50 33 00 00'],
    ['a number of another country', '+41 79 123 45 67'],
    ['a number inside a sentence', 'portable : 06 12 34 56 78'],
    ['an overlong text', '0'.repeat(41)],
  ])('refuses %s', (_name, typed) => {
    expect(mobileParserFor('74')(typed)).toBeUndefined();
  });
});
