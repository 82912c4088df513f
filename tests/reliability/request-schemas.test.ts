/**
 * What the request schemas accept as text and T0, and how they say what is wrong: in French sentences a
 * duty officer understands, one per failing field.
 */
import { describe, expect, it } from 'vitest';
import { fieldIssues } from '#shared/http/edge';
import { ListActivationsQuery, StartActivationBody } from '#shared/http/request-schemas';

const valid = () => ({
  mode: 'exercise',
  eventType: 'flood',
  title: 'Crue du Fier',
  synergiRef: 'SYN-2026-0042',
  decidedAt: '2026-03-10T11:00:00+01:00',
  area: { communes: ['74010'] },
  message: {
    sms: 'Crue du Fier : évitez les berges.',
    email: { subject: 'Crue du Fier', body: 'Évitez les berges du Fier.' },
  },
});
type Body = ReturnType<typeof valid>;

const parse = (change: (body: Body) => void) => {
  const body = valid();
  change(body);
  return StartActivationBody.safeParse(body);
};
const issuesOf = (change: (body: Body) => void) => {
  const result = parse(change);
  return result.success ? [] : fieldIssues(result.error);
};

describe('free text', () => {
  it('is stored NFC-normalised', () => {
    const result = parse((body) => {
      body.title = 'Ne\u0301ve\u0301 de l’Arve'; // each é as e and a combining acute accent
    });

    expect(result.success && result.data.title).toBe('N\u00e9v\u00e9 de l’Arve');
  });

  it('turns CR and CRLF into LF in the SMS and the e-mail body', () => {
    const result = parse((body) => {
      body.message.sms = 'Ligne 1\r\nLigne 2\rLigne 3';
      body.message.email.body = 'A\r\nB';
    });

    expect(result.success && result.data.message).toEqual({
      sms: 'Ligne 1\nLigne 2\nLigne 3',
      email: { subject: 'Crue du Fier', body: 'A\nB' },
    });
  });

  it.each([
    [
      'an SMS of NUL characters',
      (b: Body) => (b.message.sms = '\u0000\u0000\u0000'),
      'message.sms',
      'U+0000',
    ],
    ['a tab', (b: Body) => (b.message.sms = 'Crue\tdu Fier'), 'message.sms', 'U+0009'],
    ['DEL', (b: Body) => (b.title = 'Crue\u007f du Fier'), 'title', 'U+007F'],
    [
      'a C1 control',
      (b: Body) => (b.message.email.body = 'Crue\u0085du Fier'),
      'message.email.body',
      'U+0085',
    ],
    ['a right-to-left override', (b: Body) => (b.title = 'Crue \u202Ereif ud'), 'title', 'U+202E'],
    ['a bidi isolate', (b: Body) => (b.synergiRef = 'SYN\u20662026'), 'synergiRef', 'U+2066'],
    [
      'a zero-width space',
      (b: Body) => (b.message.email.subject = 'Crue\u200Bdu Fier'),
      'message.email.subject',
      'U+200B',
    ],
    ['a zero-width joiner', (b: Body) => (b.message.sms = 'Crue\u200Ddu Fier'), 'message.sms', 'U+200D'],
    ['a byte order mark', (b: Body) => (b.title = '\uFEFFCrue du Fier'), 'title', 'U+FEFF'],
    ['a soft hyphen', (b: Body) => (b.title = 'Crue du Fi\u00ADer'), 'title', 'U+00AD'],
    ['a lone high surrogate', (b: Body) => (b.message.sms = 'Crue \uD83D du Fier'), 'message.sms', 'U+D83D'],
    ['a lone low surrogate', (b: Body) => (b.title = 'Crue \uDE00 du Fier'), 'title', 'U+DE00'],
    ['a line feed in a title', (b: Body) => (b.title = 'Crue\ndu Fier'), 'title', 'U+000A'],
    [
      'a carriage return in a subject',
      (b: Body) => (b.message.email.subject = 'Crue\rdu Fier'),
      'message.email.subject',
      'U+000D',
    ],
    ['a line separator', (b: Body) => (b.message.sms = 'Crue\u2028du Fier'), 'message.sms', 'U+2028'],
  ])('refuses %s, naming the field and the character', (_name, change, field, code) => {
    const issues = issuesOf(change);

    expect(issues).toEqual([{ field, message: expect.stringContaining(code) }]);
    expect(issues[0]?.message).toMatch(/^[A-ZÀ-Ý]/);
  });

  it.each([
    ['zero-width spaces', (b: Body) => (b.title = '\u200B\u200B\u200B\u200B'), 'title'],
    ['punctuation only', (b: Body) => (b.title = '... ---'), 'title'],
    ['combining marks only', (b: Body) => (b.message.sms = '\u0301\u0301\u0301'), 'message.sms'],
    ['spaces only', (b: Body) => (b.message.email.body = '     '), 'message.email.body'],
  ])('refuses a text of %s', (_name, change, field) => {
    expect(issuesOf(change).map((issue) => issue.field)).toEqual([field]);
  });

  it('accepts French, emoji and line feeds in the SMS', () => {
    const result = parse((body) => {
      body.message.sms = 'Crue : évitez les berges ⚠️🌊\nÀ Annecy, l’Œuvre ferme.';
    });

    expect(result.success).toBe(true);
  });
});

describe('T0', () => {
  it.each([
    '2026-03-10T10:00:00Z',
    '2026-03-10T22:00:00+12:00',
    '2026-03-10T22:00:00+14:00',
    '2026-03-09T22:00:00-12:00',
    '2026-03-10T10:00:00+05:45',
  ])('accepts the offset of %s', (decidedAt) => {
    expect(issuesOf((body) => (body.decidedAt = decidedAt))).toEqual([]);
  });

  it.each([
    '2026-03-10T23:59:00+23:59',
    '2026-03-10T10:00:00+14:01',
    '2026-03-09T10:00:00-12:01',
    '2026-03-09T10:00:00-23:59',
  ])('refuses the offset of %s, which no zone on Earth uses', (decidedAt) => {
    expect(issuesOf((body) => (body.decidedAt = decidedAt))).toEqual([
      { field: 'decidedAt', message: expect.stringContaining('+14:00') },
    ]);
  });
});

describe('French messages', () => {
  const messageOf = (change: (body: Body) => void) => issuesOf(change)[0]?.message;

  it('says a missing field is required', () => {
    expect(
      messageOf((body) => {
        delete (body as Partial<Body>).title;
      }),
    ).toMatch(/^Champ obligatoire\./);
    expect(
      messageOf((body) => {
        delete (body as Partial<Body>).mode;
      }),
    ).toMatch(/^Champ obligatoire\./);
  });

  it.each([
    ['a number for a text', (b: Body) => ((b as Record<string, unknown>)['title'] = 3), 'Texte attendu.'],
    [
      'a text for a list',
      (b: Body) => ((b.area as Record<string, unknown>)['communes'] = '74010'),
      'Liste attendue.',
    ],
    ['a list for an object', (b: Body) => ((b as Record<string, unknown>)['message'] = []), 'Objet attendu.'],
    ['null for a text', (b: Body) => ((b as Record<string, unknown>)['synergiRef'] = null), 'Texte attendu.'],
  ])('names the expected type for %s', (_name, change, message) => {
    expect(messageOf(change)).toBe(message);
  });

  it('lists the options of an enumeration', () => {
    expect(messageOf((body) => (body.mode = 'drill'))).toBe('Valeur attendue : exercise ou real.');
  });

  it('gives the length limits in characters', () => {
    expect(messageOf((body) => (body.title = 'Ab'))).toBe('Au moins 3 caractères.');
    expect(messageOf((body) => (body.title = 'A'.repeat(121)))).toBe('Au plus 120 caractères.');
  });

  it('says what a T0 looks like', () => {
    expect(messageOf((body) => (body.decidedAt = '10/03/2026 11:00'))).toMatch(/^Date et heure/);
  });

  it('keeps the messages the schemas set themselves', () => {
    expect(messageOf((body) => (body.area.communes = ['Annecy']))).toBe(
      'Code INSEE de commune attendu (5 caractères, ex. 74010).',
    );
  });

  it('never shows zod’s own wording', () => {
    const query = ListActivationsQuery.safeParse({ mode: 1, year: 'soon', limit: '1000', cursor: 3 });
    const messages = query.success ? [] : fieldIssues(query.error).map((issue) => issue.message);
    const body = issuesOf((b) => {
      (b as Record<string, unknown>)['area'] = { communes: [] };
      (b as Record<string, unknown>)['eventType'] = undefined;
    }).map((issue) => issue.message);

    expect([...messages, ...body]).not.toHaveLength(0);
    for (const message of [...messages, ...body]) {
      expect(message).not.toMatch(/Entrée invalide|indéfini|reçu|Trop (grand|petit)|<=|>=/);
      expect(message).toMatch(/^[A-ZÀ-Ý].*\.$/);
    }
  });
});
