/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against the local runtime, its
 * activation clock moved by the test: the duty officer signs in and activates an exercise through the form;
 * the timeline fills in; a communication officer takes the duty; at T0+60 every verdict is green; the print
 * view opens; the quality officer opens the yearly review, whose figures are recomputed here from the API.
 * Each of the four views is checked with axe-core (no serious or critical violation) and photographed under
 * test-results/screenshots/ (not committed).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '#local/auth';
import { type Runtime, startRuntime } from '#local/runtime';
import { manualClocks } from '#tests/helpers/manual-clock';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = 'test-results/screenshots';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let runtime: Runtime;
let browser: Browser;
let page: Page;
const refusals: string[] = [];
const clocks = manualClocks();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  }
  mkdirSync(SHOTS, { recursive: true });
  runtime = await startRuntime({ port: 0, clockFor: clocks.clockFor, log: () => {} });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=fr-FR'],
  });
  const context = await browser.newContext({
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 900 },
  });
  // The print view opens the browser's print dialog: counted here instead.
  await context.addInitScript(() => {
    // Runs in the page: `globalThis` is its window (this file is type-checked without the DOM's types).
    const window = globalThis as unknown as { printed: number; print: () => void };
    window.printed = 0;
    window.print = () => {
      window.printed += 1;
    };
  });
  page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  // The page runs under the deployed Content-Security-Policy: anything it refuses is a defect.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      refusals.push(message.text());
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

/** axe-core on the current view: the serious and critical violations, by rule and element. */
const accessibilityViolations = async () => {
  // Evaluated rather than added as a script tag, which the page's Content-Security-Policy refuses.
  await page.evaluate(axeSource);
  // Runs in the page (this file is type-checked without the DOM's types: `globalThis` is its window).
  const results = await page.evaluate(async () => {
    const scope = globalThis as unknown as {
      document: unknown;
      axe: {
        run: (context: unknown) => Promise<{
          passes: unknown[];
          violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
        }>;
      };
    };
    return scope.axe.run(scope.document);
  });
  // A check that checked nothing would pass: axe must have run its rules on the page.
  expect(results.passes.length).toBeGreaterThan(10);
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
};

const signInAs = async (role: string) => {
  await page.goto(`${runtime.url}/#/`);
  const signOut = page.getByRole('button', { name: 'Se déconnecter' });
  if (await signOut.isVisible()) await signOut.click();
  await page.locator(`button[data-role="${role}"]`).click();
  await page.waitForSelector('#utilisateur');
};

describe('the dashboard', () => {
  let id = '';

  it('lets the duty officer activate an exercise through the form, after a preview of who will be reached', async () => {
    await signInAs('duty-officer');
    await page.getByRole('link', { name: 'Activer le COD' }).first().click();
    await page.fill('#title', 'Crue du Fier');
    await page.fill('#synergiRef', 'SYN-2026-0042');
    await page.fill('#commune-search', 'Annecy (74010)');
    await page.dispatchEvent('#commune-search', 'change');
    // The hazard's template fills the message, with the area and T0 once asked again.
    await page.click('#modele');
    await expect.poll(() => page.inputValue('#sms')).toContain('Communes : Annecy.');
    await page.fill('#sms', 'Crue du Fier : berges fermées à Annecy. Suivez les consignes des secours.');
    // The same counting as the server's: GSM-7, one part, then a typographic apostrophe switches it to UCS-2.
    await expect.poll(() => page.textContent('#sms-counter')).toContain('1 SMS (GSM-7)');
    await page.fill(
      '#sms',
      'Crue du Fier : l’accès aux berges est fermé à Annecy. Suivez les consignes des secours.',
    );
    await expect.poll(() => page.textContent('#sms-counter')).toContain('UCS-2');
    await expect.poll(() => page.textContent('#sms-counter')).toContain('« ’ »');
    await page.fill('#subject', 'Crue du Fier');
    await page.fill('#body', 'Les berges du Fier sont fermées jusqu’à nouvel ordre.');
    expect(await accessibilityViolations()).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/activer.png`, fullPage: true });

    await page.click('#verifier');
    await expect
      .poll(() => page.textContent('#confirmation'))
      .toMatch(/1 commune\(s\) ; personnes jointes — Élus : \d+/);
    await page.click('#confirmer');
    await page.waitForURL(/#\/activations\/act-/);
    id = /#\/activations\/(act-[\w]+)/.exec(page.url())?.[1] ?? '';
    expect(id).toMatch(/^act-/);
    await expect.poll(() => page.textContent('.m7-exercise')).toBe('EXERCICE EXERCICE EXERCICE');
  }, 60_000);

  it('fills the timeline in as the audiences are informed, then turns every verdict green at T0+60', async () => {
    await expect
      .poll(async () => page.locator('td', { hasText: 'Public informé' }).count(), { timeout: 20_000 })
      .toBe(3);
    await signInAs('comms');
    await page.goto(`${runtime.url}/#/activations/${id}`);
    await page.getByRole('button', { name: 'Prendre l’astreinte communication' }).click();
    await expect
      .poll(() => page.locator('td', { hasText: 'Cellule opérationnelle' }).count(), { timeout: 10_000 })
      .toBe(1);
    // A follow-up from the same page, while the page keeps refreshing: sent to both audiences chosen.
    await page.locator('#suivi summary').click();
    await page.fill('#suivi-sms', 'Point de situation : la décrue est amorcée.');
    await page.fill('#suivi-objet', 'Point de situation');
    await page.fill('#suivi-texte', 'La décrue est amorcée.');
    await page.locator('#suivi button[type="submit"]').click();
    await expect
      .poll(async () => page.locator('td', { hasText: 'Message envoyé' }).count(), { timeout: 20_000 })
      .toBe(2);
    clocks.advance(3_600);
    await expect
      .poll(async () => page.locator('#engagements tbody .fr-badge--success').count(), { timeout: 20_000 })
      .toBe(4);
    expect(await page.locator('#engagements .fr-badge--error, #engagements .fr-badge--info').count()).toBe(0);
    // The recipients by name from the ledger, numbers masked for a communication officer.
    await page.locator('#destinataires summary').first().click();
    const mayor = page.locator('#destinataires tr', { hasText: 'Annecy' }).first();
    expect(await mayor.locator('.fr-badge', { hasText: 'envoyé' }).count()).toBeGreaterThan(0);
    expect(await mayor.textContent()).toContain('••');
    expect(await accessibilityViolations()).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/activation.png`, fullPage: true });
  }, 60_000);

  it('opens the print view (A4, for the RETEX file)', async () => {
    await page.goto(`${runtime.url}/#/activations/${id}/impression`);
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { printed: number }).printed))
      .toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.fr-header').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows the activations with their verdicts, real and exercise apart', async () => {
    await page.goto(`${runtime.url}/#/`);
    await page.waitForSelector('table tbody tr');
    expect(
      await page
        .locator('tbody tr', { hasText: 'Crue du Fier' })
        .locator('.fr-badge', { hasText: 'EXERCICE' })
        .count(),
    ).toBe(1);
    expect(await accessibilityViolations()).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/activations.png`, fullPage: true });
  });

  it('gives the quality officer the yearly review, whose figures are those of the API’s activations', async () => {
    await signInAs('quality');
    await page.getByRole('link', { name: 'Revue annuelle' }).click();
    await page.waitForSelector('#m73');
    const year = new Date().getFullYear();
    const token = await signToken(runtime.key, 'quality');
    const { items } = (await (
      await fetch(`${runtime.url}/activations?year=${year}&limit=100`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as {
      items: { mode: string; verdicts: { commitment: string; audience?: string; status: string }[] }[];
    };
    const exercises = items.filter((item) => item.mode === 'exercise').length;
    const real = items.length - exercises;
    expect(await page.locator('#activations tbody td').allTextContents()).toEqual([
      String(exercises),
      String(real),
    ]);
    const rows = await Promise.all(
      (await page.locator('#taux tbody tr').all()).map((row) => row.locator('td').allTextContents()),
    );
    const verdicts = items.flatMap((item) => item.verdicts);
    const expected = [
      ['M7-1', undefined],
      ['M7-2', 'officials'],
      ['M7-2', 'press'],
      ['M7-2', 'publicLine'],
    ].map(([commitment, audience]) => {
      const judged = verdicts.filter(
        (verdict) =>
          verdict.commitment === commitment && verdict.audience === audience && verdict.status !== 'pending',
      );
      return [String(judged.filter((verdict) => verdict.status === 'met').length), String(judged.length)];
    });
    expect(rows.slice(0, 4).map((row) => [row[1], row[2]])).toEqual(expected);
    expect(await accessibilityViolations()).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/revue-annuelle.png`, fullPage: true });
  }, 60_000);

  it('broke no rule of the Content-Security-Policy on the way', () => {
    expect(refusals).toEqual([]);
  });
});
