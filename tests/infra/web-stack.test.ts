/**
 * The synth.web stack (`infra/lib/web-stack.ts`): the dashboard behind CloudFront, and the API under the same
 * domain.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '#shared/routes';
import { apiPathPatterns } from '../../infra/lib/web-stack.ts';
import { type Json, logicalId, referencedResources, resourcesOfType } from './cfn.ts';
import { useSynthesized } from './synth.ts';

const apiRoutes = Object.values(routes).filter((route) => !('localOnly' in route && route.localOnly));

describe('the synth.web stack of the default department (Haute-Savoie)', () => {
  const synth = useSynthesized();

  describe('the dashboard', () => {
    it('sends every API route to API Gateway, uncached, and the rest to the private bucket', () => {
      const [[, distribution]] = resourcesOfType(synth.web, 'AWS::CloudFront::Distribution') as [
        [string, Json],
      ];
      const config = distribution.Properties.DistributionConfig;
      const behaviors = config.CacheBehaviors as Json[];
      expect(behaviors.map((behavior) => behavior.PathPattern).sort()).toEqual(apiPathPatterns().sort());
      for (const route of apiRoutes) {
        const path = route.path.replace(/\{[^}]+\}/g, 'x');
        expect(
          apiPathPatterns().some((pattern) => new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(path)),
          route.path,
        ).toBe(true);
      }
      const apiOrigin = config.Origins.find((origin: Json) => origin.CustomOriginConfig);
      for (const behavior of behaviors) {
        expect(behavior).toMatchObject({
          TargetOriginId: apiOrigin.Id,
          ViewerProtocolPolicy: 'https-only',
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        });
      }
      expect(config).toMatchObject({ DefaultRootObject: 'index.html', Logging: expect.anything() });
      expect(
        config.Origins.find((origin: Json) => origin.S3OriginConfig).OriginAccessControlId,
      ).toBeDefined();
    });

    it('publishes the sign-in settings next to the pages', () => {
      const staged = readdirSync(synth.outdir)
        .filter((name) => name.startsWith('asset.'))
        .map((name) => join(synth.outdir, name, 'config.json'))
        .filter((file) => existsSync(file));
      expect(staged).toHaveLength(1);
      const config = JSON.parse(readFileSync(staged[0] as string, 'utf8'));
      expect(Object.keys(config).sort()).toEqual(
        ['apiBaseUrl', 'department', 'region', 'userPoolClientId', 'userPoolId'].sort(),
      );
      expect(config).toMatchObject({ department: '74', apiBaseUrl: '' });
      const [[, deployment]] = resourcesOfType(synth.web, 'Custom::CDKBucketDeployment') as [[string, Json]];
      const { userPool, userPoolClient } = synth.deployment.stateful;
      expect(referencedResources(deployment.Properties.SourceMarkers, 'Module7-74-Web', synth.json)).toEqual(
        new Set([
          `Module7-74-Stateful/${logicalId(userPool)}`,
          `Module7-74-Stateful/${logicalId(userPoolClient)}`,
        ]),
      );
    });
  });
});
