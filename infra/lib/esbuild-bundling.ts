/**
 * CDK asset bundling of one function with the esbuild settings of `infra/bundle.ts`, run locally (no Docker).
 * CDK's bundling hook is synchronous and esbuild plugins need esbuild's asynchronous API, so the build runs
 * in a child process (`infra/bin/bundle-function.ts`). CDK skips it for stacks it does not bundle
 * (`aws:cdk:bundling-stacks`), which the tests use.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type BundlingOptions, BundlingOutput, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import { projectRoot } from '../bundle.ts';

const BUNDLE_SCRIPT = join(projectRoot, 'infra', 'bin', 'bundle-function.ts');

class LocalEsbuild implements ILocalBundling {
  constructor(
    private readonly entry: string,
    private readonly department: string,
  ) {}

  tryBundle(outputDir: string): boolean {
    execFileSync(
      process.execPath,
      ['--import', 'tsx', BUNDLE_SCRIPT, this.entry, outputDir, this.department],
      {
        cwd: projectRoot,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    return true;
  }
}

/**
 * Bundling options for `Code.fromAsset(projectRoot, { bundling })`. The entry and the department are part of
 * the options (as the would-be Docker command) so that CDK's asset cache tells two functions apart.
 */
export const esbuildBundling = (entry: string, department: string): BundlingOptions => ({
  // Never used: local bundling always succeeds or throws. CDK requires an image all the same.
  image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
  command: ['node', '--import', 'tsx', 'infra/bin/bundle-function.ts', entry, '/asset-output', department],
  local: new LocalEsbuild(entry, department),
  outputType: BundlingOutput.NOT_ARCHIVED,
});
