/**
 * The dashboard's asset: `web/` built by `web/build.ts` (esbuild, the DSFR), in a child process because CDK's
 * bundling hook is synchronous, as for the functions (`esbuild-bundling.ts`). No Docker.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type BundlingOptions, BundlingOutput, DockerImage } from 'aws-cdk-lib';
import { projectRoot } from '../bundle.ts';

const BUILD_SCRIPT = join(projectRoot, 'infra', 'bin', 'build-web.ts');

export const webBundling = (): BundlingOptions => ({
  // Never used: local bundling always succeeds or throws. CDK requires an image all the same.
  image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
  command: ['node', '--import', 'tsx', 'infra/bin/build-web.ts', '/asset-output'],
  local: {
    tryBundle(outputDir: string) {
      execFileSync(process.execPath, ['--import', 'tsx', BUILD_SCRIPT, outputDir], {
        cwd: projectRoot,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      return true;
    },
  },
  outputType: BundlingOutput.NOT_ARCHIVED,
});
