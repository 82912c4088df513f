/**
 * Mobile numbers read with libphonenumber-js: the forms a person types (`06 39 98 12 34`, `+33 6 39 98 12 34`,
 * `0033639981234`) become E.164, and only a mobile of a French numbering plan is accepted (metropolitan France
 * and overseas: the SMS sender ID is registered for France). The library's mobile metadata is narrowed to those
 * plans in `french-mobile-metadata.json` (3 kB instead of 98 kB in every bundle that validates a number); a test
 * keeps it equal to the installed library's, and rewrites it after an upgrade of the library:
 * `UPDATE_PHONE_METADATA=1 npx vitest run tests/unit/adapters/libphonenumber-mobile-parser.test.ts`.
 */
import { type CountryCode, type MetadataJson, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import type { MobileParser } from '#domain/contacts';
import metadata from './french-mobile-metadata.json' with { type: 'json' };

/** The numbering plans kept from libphonenumber-js's metadata (the calling codes these countries use). */
export const FRENCH_PLANS: readonly CountryCode[] = [
  'FR',
  'GP',
  'MQ',
  'GF',
  'RE',
  'YT',
  'PM',
  'BL',
  'MF',
  'NC',
  'PF',
  'WF',
];

/** Where a number written without its calling code (`0692 …`) belongs: the department's own plan. */
const PLAN_OF_DEPARTMENT: Record<string, CountryCode> = {
  '971': 'GP',
  '972': 'MQ',
  '973': 'GF',
  '974': 'RE',
  '976': 'YT',
};

/** The parser for a department: national numbers are read in its plan (`FR` but overseas). */
export const mobileParserFor = (departmentCode: string): MobileParser => {
  const defaultCountry = PLAN_OF_DEPARTMENT[departmentCode] ?? 'FR';
  return (text) => {
    if (text.length > 40) return undefined;
    const number = parsePhoneNumberFromString(
      text,
      { defaultCountry, extract: false },
      metadata as unknown as MetadataJson,
    );
    // The metadata holds the mobile patterns only: a valid number is a mobile.
    return number?.isValid() && number.country && FRENCH_PLANS.includes(number.country)
      ? number.number
      : undefined;
  };
};
