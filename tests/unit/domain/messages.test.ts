import { describe, expect, it } from 'vitest';
import { countSms, EXERCISE_BANNER, frameEmail, frameSms, isGsm7 } from '#domain/messages';

describe('countSms', () => {
  it('fits 160 GSM-7 characters in one part', () => {
    expect(countSms('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, parts: 1 });
  });

  it('splits 161 GSM-7 characters into two parts of at most 153', () => {
    expect(countSms('a'.repeat(161)).parts).toBe(2);
    expect(countSms('a'.repeat(306)).parts).toBe(2);
    expect(countSms('a'.repeat(307)).parts).toBe(3);
  });

  it('counts the accents French keeps in GSM-7 (é è à ù) as one septet', () => {
    expect(countSms('Évacuez : crue à Annecy, fermé près du lac, où ?')).toMatchObject({
      encoding: 'GSM-7',
      units: 48,
    });
  });

  it.each(['ê', 'â', 'î', 'ô', 'û', 'ç', 'œ', '’'])(
    'switches to UCS-2 as soon as the text holds %s',
    (char) => {
      expect(isGsm7(`Alerte ${char}`)).toBe(false);
      expect(countSms(`Alerte ${char}`).encoding).toBe('UCS-2');
    },
  );

  it('fits 70 UCS-2 characters in one part and splits 71 into parts of 67', () => {
    const text = (n: number) => `ç${'a'.repeat(n - 1)}`;
    expect(countSms(text(70))).toEqual({ encoding: 'UCS-2', units: 70, parts: 1 });
    expect(countSms(text(71)).parts).toBe(2);
    expect(countSms(text(134)).parts).toBe(2);
    expect(countSms(text(135)).parts).toBe(3);
  });

  it('counts an extension character (€ [ ] { } ~ ^ | \\) as two septets', () => {
    expect(countSms('10 €')).toEqual({ encoding: 'GSM-7', units: 5, parts: 1 });
    expect(countSms('€'.repeat(80)).parts).toBe(1);
    expect(countSms('€'.repeat(81)).parts).toBe(2);
  });

  it('never splits an extension character across two parts', () => {
    // 152 septets then one € (2 septets): the € does not fit in the first part's 153 and starts the second.
    const text = `${'a'.repeat(152)}€${'b'.repeat(152)}`;
    expect(countSms(text)).toEqual({ encoding: 'GSM-7', units: 306, parts: 3 });
  });

  it('counts an emoji as two UCS-2 units and never splits it', () => {
    expect(countSms('🌊')).toEqual({ encoding: 'UCS-2', units: 2, parts: 1 });
    expect(countSms(`${'a'.repeat(66)}🌊${'a'.repeat(66)}`).parts).toBe(3);
  });

  it('takes no part for an empty text', () => {
    expect(countSms('').parts).toBe(0);
  });
});

describe('exercise framing', () => {
  it('begins and ends an exercise SMS with EXERCICE EXERCICE EXERCICE, costing 54 characters', () => {
    const framed = frameSms('Crue du Fier.', 'exercise');
    expect(framed.startsWith(EXERCISE_BANNER)).toBe(true);
    expect(framed.endsWith(EXERCISE_BANNER)).toBe(true);
    expect(framed.length - 'Crue du Fier.'.length).toBe(54);
  });

  it('leaves a real SMS as it is', () => {
    expect(frameSms('Crue du Fier.', 'real')).toBe('Crue du Fier.');
  });

  it('frames the subject and both ends of an exercise e-mail body', () => {
    const framed = frameEmail({ subject: 'Crue', body: 'Texte' }, 'exercise');
    expect(framed.subject).toBe(`${EXERCISE_BANNER} - Crue`);
    expect(framed.body.startsWith(EXERCISE_BANNER)).toBe(true);
    expect(framed.body.endsWith(EXERCISE_BANNER)).toBe(true);
    expect(frameEmail({ subject: 'Crue', body: 'Texte' }, 'real')).toEqual({
      subject: 'Crue',
      body: 'Texte',
    });
  });
});
