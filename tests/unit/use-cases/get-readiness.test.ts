import { describe, expect, it } from 'vitest';
import { loadDepartment } from '#adapters/etalab-geography';
import type { Contact } from '#domain/directory';
import { fakeDirectoryStore } from '#tests/helpers/fakes';
import { getReadiness } from '#use-cases/get-readiness';

describe('getReadiness', () => {
  const department = loadDepartment('74');
  const mayors: Contact[] = department.communes.map((commune, index) => ({
    id: `maire-${commune.code}`,
    audience: 'officials',
    function: 'mayor',
    name: `Maire (${commune.name})`,
    phone: `+3363998${String(index).padStart(4, '0')}`,
    email: `maire-${commune.code}@example.org`,
    communes: [commune.code],
  }));
  const press: Contact = {
    id: 'presse-1',
    audience: 'press',
    name: 'Rédaction',
    email: 'presse@example.org',
  };

  it('finds every commune of Haute-Savoie reachable when each has a mayor with a mobile and an e-mail', async () => {
    const readiness = await getReadiness({ directory: fakeDirectoryStore([...mayors, press]), department });

    expect(readiness).toMatchObject({
      department: '74',
      total: 279,
      reachable: 279,
      unreachable: [],
      summary: '279 communes sur 279 joignables',
      audiences: {
        officials: { active: 279, withMobile: 279, withEmail: 279 },
        press: { active: 1, withMobile: 0, withEmail: 1 },
        cabinet: { active: 0, withMobile: 0, withEmail: 0 },
        onCall: { active: 0, withMobile: 0, withEmail: 0 },
      },
    });
  });

  it('names a commune whose mayor was withdrawn, or has no e-mail, and does not count a parliamentarian for it', async () => {
    const contacts = mayors.map((mayor) => {
      if (mayor.id === 'maire-74042') return { ...mayor, active: false };
      if (mayor.id === 'maire-74010') return { ...mayor, email: undefined } as unknown as Contact;
      return mayor;
    });
    const deputy: Contact = {
      id: 'parlementaire-742',
      audience: 'officials',
      function: 'parliamentarian',
      name: 'Député·e',
      phone: '+33639981001',
      email: 'depute@example.org',
      communes: ['74042'],
    };

    const readiness = await getReadiness({
      directory: fakeDirectoryStore([...contacts, deputy]),
      department,
    });

    expect(readiness.unreachable).toEqual([
      { code: '74010', name: 'Annecy' },
      { code: '74042', name: 'Bonneville' },
    ]);
    expect(readiness.summary).toBe('277 communes sur 279 joignables');
    expect(readiness.communes.find((commune) => commune.code === '74042')).toEqual({
      code: '74042',
      name: 'Bonneville',
      reachable: false,
      officials: 0,
    });
  });
});
