/**
 * The dashboard's build: `web/src/` (TypeScript, no framework) and the DSFR's styles and fonts, bundled by
 * esbuild in memory. The local runtime serves the files from memory (built once, on the first request); the
 * CDK app writes them to the Web stack's asset (`writeWeb`). The same files either way.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const WEB_ROOT = fileURLToPath(new URL('.', import.meta.url));

export interface WebFile {
  contentType: string;
  body: Uint8Array;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

const contentTypeOf = (path: string) =>
  CONTENT_TYPES[/\.[a-z0-9]+$/.exec(path)?.[0] ?? ''] ?? 'application/octet-stream';

/** Every file of the site by its path (`/index.html`, `/app.js`, `/app.css`, `/assets/…`). */
export const buildWeb = async (): Promise<Map<string, WebFile>> => {
  const result = await build({
    entryPoints: { app: join(WEB_ROOT, 'src/main.ts'), styles: join(WEB_ROOT, 'src/styles.css') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    outdir: join(WEB_ROOT, 'out'),
    write: false,
    loader: { '.woff2': 'file', '.woff': 'file', '.svg': 'file' },
    assetNames: 'assets/[name]-[hash]',
    entryNames: '[name]',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const outdir = join(WEB_ROOT, 'out');
  const files = new Map<string, WebFile>();
  for (const file of result.outputFiles) {
    const path = `/${file.path
      .slice(outdir.length + 1)
      .split('\\')
      .join('/')}`;
    files.set(path, { contentType: contentTypeOf(path), body: file.contents });
  }
  files.set('/index.html', {
    contentType: CONTENT_TYPES['.html'] as string,
    body: await readFile(join(WEB_ROOT, 'index.html')),
  });
  return files;
};

/** Writes the site to a folder (the Web stack's asset). */
export const writeWeb = async (outDir: string, extra: Map<string, WebFile> = new Map()) => {
  for (const [path, file] of [...(await buildWeb()), ...extra]) {
    const target = join(outDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.body);
  }
};
