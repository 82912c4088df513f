/** `node --import tsx infra/bin/build-web.ts <outDir>`: the dashboard's files, built as the local runtime serves them. */
import { writeWeb } from '../../web/build.ts';

const outDir = process.argv[2];
if (!outDir) {
  console.error('Usage: build-web.ts <outDir>');
  process.exit(2);
}
await writeWeb(outDir);
