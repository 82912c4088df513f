import { describe, expect, it } from 'vitest';
import { readConfig, required } from '#shared/config';
import { ENV } from '#shared/contract';

describe('readConfig', () => {
  it('defaults to Haute-Savoie and the generic sender ID, with nothing else configured', () => {
    expect(readConfig({})).toEqual({ department: '74', senderId: 'PREFECTURE' });
  });

  it('reads the e-mail sender as a display name and an address, and the configuration set', () => {
    const config = readConfig({
      [ENV.table]: 'module7-74',
      [ENV.department]: '74',
      [ENV.senderId]: 'PREF74',
      [ENV.emailFrom]: 'Préfecture de la Haute-Savoie <alerte@prefecture.example.org>',
      [ENV.sesConfigurationSet]: 'module7-74',
    });

    expect(config).toEqual({
      tableName: 'module7-74',
      department: '74',
      senderId: 'PREF74',
      emailFrom: { name: 'Préfecture de la Haute-Savoie', address: 'alerte@prefecture.example.org' },
      sesConfigurationSet: 'module7-74',
    });
  });

  it('stops on every malformed variable, naming each', () => {
    const reading = () =>
      readConfig({
        [ENV.table]: '',
        [ENV.department]: '99x',
        [ENV.stateMachine]: 'machine',
        [ENV.senderId]: 'PRÉFECTURE 74',
        [ENV.emailFrom]: 'alerte@prefecture.example.org',
        [ENV.sesConfigurationSet]: 'module7 74',
      });

    expect(reading).toThrow(/^Invalid configuration: /);
    for (const name of [
      ENV.table,
      ENV.department,
      ENV.stateMachine,
      ENV.senderId,
      ENV.emailFrom,
      ENV.sesConfigurationSet,
    ]) {
      expect(reading).toThrow(new RegExp(`${name}: expected`));
    }
  });

  it('refuses a sender whose address SES cannot send from (not ASCII) or whose name spans lines', () => {
    expect(() => readConfig({ [ENV.emailFrom]: 'Préfecture <préfet@prefecture.example.org>' })).toThrow(
      ENV.emailFrom,
    );
    expect(() =>
      readConfig({ [ENV.emailFrom]: 'Préfecture\nBcc: x <alerte@prefecture.example.org>' }),
    ).toThrow(ENV.emailFrom);
  });
});

describe('required', () => {
  it('names the variable a function needs and was not given', () => {
    expect(() => required(readConfig({}).emailFrom, ENV.emailFrom)).toThrow(
      'Invalid configuration: EMAIL_FROM is required by this function',
    );
  });
});
