/** The Web stack's asset as `cdk deploy` builds it: the dashboard's files, as the local runtime serves them. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { webBundling } from '../../infra/lib/web-bundling.ts';

const outDir = mkdtempSync(join(tmpdir(), 'module7-web-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the dashboard’s asset', () => {
  it('is built locally, without Docker, with the page, its script, its styles and fonts', () => {
    expect(webBundling().local?.tryBundle(outDir, { image: webBundling().image })).toBe(true);

    expect(readdirSync(outDir).sort()).toEqual(['app.js', 'assets', 'index.html', 'styles.css']);
    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).toContain(
      '<script type="module" src="/app.js">',
    );
    expect(readdirSync(join(outDir, 'assets')).some((name) => name.endsWith('.woff2'))).toBe(true);
  }, 60_000);
});
