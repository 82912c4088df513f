/** The dashboard's build: what it holds, that no page path is an API path, and that it stays small. */
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { outboxRoute } from '#local/outbox';
import { demoSessionRoute } from '#local/site';
import { routes } from '#shared/routes';
import { buildWeb, type WebFile } from '../../../web/build.ts';

let files: Map<string, WebFile>;
beforeAll(async () => {
  files = await buildWeb();
}, 30_000);

const text = (path: string) => new TextDecoder().decode(files.get(path)?.body);

describe('the dashboard’s build', () => {
  it('holds the page, its script, its styles and the DSFR’s fonts', () => {
    expect([...files.keys()].filter((path) => !path.startsWith('/assets/')).sort()).toEqual([
      '/app.js',
      '/index.html',
      '/styles.css',
    ]);
    expect([...files.keys()].some((path) => /^\/assets\/Marianne-Regular-\w+\.woff2$/.test(path))).toBe(true);
    expect(text('/index.html')).toContain('<html lang="fr"');
    expect(text('/styles.css')).toContain('.fr-header');
  });

  it('never serves a page path that an API route also matches', () => {
    const apiPaths = [...Object.values(routes), outboxRoute, demoSessionRoute].map(
      (route) => new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
    );
    for (const path of [...files.keys(), '/config.json', '/']) {
      expect(
        apiPaths.filter((pattern) => pattern.test(path)),
        path,
      ).toEqual([]);
    }
  });

  it('stays small: the script under 60 kB, the styles under 100 kB once compressed', () => {
    expect(files.get('/app.js')?.body.length).toBeLessThan(60 * 1024);
    expect(gzipSync(files.get('/styles.css')?.body ?? new Uint8Array()).length).toBeLessThan(100 * 1024);
  });

  it('counts SMS with the server’s own code, bundled rather than copied', () => {
    // The GSM-7 alphabet of functions/domain/messages.ts is in the bundle as the server has it.
    expect(text('/app.js')).toContain('@£$¥èéùìòÇ');
  });
});
