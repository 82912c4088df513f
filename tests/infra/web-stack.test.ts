/**
 * The synth.web stack (`infra/lib/web-stack.ts`): the dashboard behind CloudFront, the API under the same
 * domain, and the dashboard's Cognito client (authorization code with PKCE) that the API accepts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '#shared/routes';
import { apiPathPatterns, TERMINAL_SIGN_IN_PAGE } from '../../infra/lib/web-stack.ts';
import { asArray, type Json, logicalId, renderText, resourcesOfType, statementsOfRole } from './cfn.ts';
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

    it('publishes the sign-in settings next to the pages: the Cognito domain, the client and the callback', () => {
      const config = JSON.parse(stagedFile('config.json'));
      expect(config).toEqual({
        department: '74',
        auth: {
          kind: 'cognito',
          region: expect.any(String),
          domain: expect.any(String),
          clientId: expect.any(String),
          redirectUri: expect.any(String),
        },
      });
      // Each value as CloudFormation fills it in: the markers of the staged file, replaced by their values.
      const [[, deployment]] = resourcesOfType(synth.web, 'Custom::CDKBucketDeployment') as [[string, Json]];
      const markers = Object.assign({}, ...deployment.Properties.SourceMarkers) as Record<string, Json>;
      const filled = (text: string) =>
        text.replace(/<<marker:0xbaba:\d+>>/g, (marker) => web(markers[marker]));
      expect(filled(config.auth.region)).toBe('{{AWS::Region}}');
      expect(filled(config.auth.domain)).toBe(signInDomainUrl());
      expect(filled(config.auth.clientId)).toBe(`{{${dashboardClient()}}}`);
      expect(filled(config.auth.redirectUri)).toBe(`https://${distributionDomain()}/`);
    });

    it('publishes the page a terminal sign-in comes back to: static, no script', () => {
      const page = stagedFile(TERMINAL_SIGN_IN_PAGE.slice(1));
      expect(page).toMatch(/<html lang="fr">/);
      expect(page).not.toMatch(/<script|\son\w+=/i);
    });

    it('lets the pages reach the Cognito domain (the token exchange), and no other Cognito endpoint', () => {
      const [[, policy]] = resourcesOfType(synth.web, 'AWS::CloudFront::ResponseHeadersPolicy') as [
        [string, Json],
      ];
      const csp = web(
        policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
          .ContentSecurityPolicy,
      );
      const connect = csp.split('; ').find((directive) => directive.startsWith('connect-src'));
      expect(connect).toBe(`connect-src 'self' ${signInDomainUrl()}`);
      expect(csp).not.toContain('cognito-idp');
    });
  });

  describe('the dashboard’s Cognito client', () => {
    const client = (): Json => {
      const clients = resourcesOfType(synth.web, 'AWS::Cognito::UserPoolClient');
      expect(clients).toHaveLength(1);
      return (clients[0] as [string, Json])[1].Properties;
    };

    it('is a public client of the stateful stack’s user pool: no secret, Cognito accounts only', () => {
      expect(client().GenerateSecret).toBe(false);
      expect(client().SupportedIdentityProviders).toEqual(['COGNITO']);
      expect(web(client().UserPoolId)).toBe(
        `{{Module7-74-Stateful/${logicalId(synth.deployment.stateful.userPool)}}}`,
      );
    });

    it('grants the authorization code only (no implicit grant), with the OpenID scopes', () => {
      expect(client()).toMatchObject({
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
      });
    });

    it('lets no password reach it outside the hosted pages: refreshing is its only API flow', () => {
      expect(client().ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    });

    it('calls back to the dashboard and to the terminal page, and signs out to the dashboard, on the distribution', () => {
      expect(client().CallbackURLs.map(web)).toEqual([
        `https://${distributionDomain()}/`,
        `https://${distributionDomain()}${TERMINAL_SIGN_IN_PAGE}`,
      ]);
      expect(client().LogoutURLs.map(web)).toEqual([`https://${distributionDomain()}/`]);
    });

    it('gives short-lived tokens, can revoke them, and does not say whether an account exists', () => {
      expect(client()).toMatchObject({
        IdTokenValidity: 60,
        AccessTokenValidity: 60,
        RefreshTokenValidity: 720,
        TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: 'ENABLED',
      });
    });
  });

  describe('the API’s audience', () => {
    /** An SDK call of the custom resource that changes the authorizer, its references rendered. */
    const call = (phase: 'Create' | 'Update' | 'Delete') => {
      const found = resourcesOfType(synth.web, 'Custom::ApiAuthorizerAudience');
      expect(found).toHaveLength(1);
      return JSON.parse(web((found[0] as [string, Json])[1].Properties[phase]));
    };
    const authorizer = () => {
      const [[id, resource]] = resourcesOfType(synth.stateless, 'AWS::ApiGatewayV2::Authorizer') as [
        [string, Json],
      ];
      const stateless = (value: Json) => renderText(value, 'Module7-74-Stateless', synth.json);
      return {
        id: `{{Module7-74-Stateless/${id}}}`,
        api: `{{Module7-74-Stateless/${logicalId(synth.deployment.stateless.api)}}}`,
        audience: resource.Properties.JwtConfiguration.Audience.map(stateless),
        issuer: stateless(resource.Properties.JwtConfiguration.Issuer),
      };
    };

    it('adds the dashboard’s client to the API authorizer’s audience, with the issuer the authorizer has', () => {
      const { id, api, audience, issuer } = authorizer();
      expect(audience).toEqual([
        `{{Module7-74-Stateful/${logicalId(synth.deployment.stateful.userPoolClient)}}}`,
      ]);
      for (const phase of ['Create', 'Update'] as const) {
        expect(call(phase)).toMatchObject({
          service: 'ApiGatewayV2',
          action: 'UpdateAuthorizer',
          parameters: {
            ApiId: api,
            AuthorizerId: id,
            JwtConfiguration: { Audience: [...audience, `{{${dashboardClient()}}}`], Issuer: issuer },
          },
        });
      }
      // Deleting the web stack gives the authorizer back its own audience.
      expect(call('Delete')).toMatchObject({
        action: 'UpdateAuthorizer',
        parameters: {
          ApiId: api,
          AuthorizerId: id,
          JwtConfiguration: { Audience: audience, Issuer: issuer },
        },
        ignoreErrorCodesMatching: 'NotFoundException',
      });
    });

    it('may change that authorizer and nothing else', () => {
      const { id, api } = authorizer();
      const [roleId] = resourcesOfType(synth.web, 'AWS::IAM::Role').find(([candidate]) =>
        candidate.startsWith('AWS679f53fac002430cb0da5b7982bd2287'),
      ) as [string, Json];
      const statements = statementsOfRole(synth.web, roleId);
      expect(statements.flatMap((statement) => asArray(statement.Action))).toEqual(['apigateway:PATCH']);
      expect(statements.flatMap((statement) => asArray(statement.Resource)).map(web)).toEqual([
        `arn:{{AWS::Partition}}:apigateway:{{AWS::Region}}::/apis/${api}/authorizers/${id}`,
      ]);
    });
  });

  /** The text of a file the deployment stages (an asset of the cloud assembly). */
  const stagedFile = (name: string) => {
    const staged = readdirSync(synth.outdir)
      .filter((entry) => entry.startsWith('asset.'))
      .map((entry) => join(synth.outdir, entry, name))
      .filter((file) => existsSync(file));
    expect(staged, name).toHaveLength(1);
    return readFileSync(staged[0] as string, 'utf8');
  };
  /** A value of the web stack's template, its references rendered (`renderText`). */
  const web = (value: Json) => renderText(value, 'Module7-74-Web', synth.json);
  const dashboardClient = () => `Module7-74-Web/${logicalId(synth.deployment.web.dashboardClient)}`;
  const distributionDomain = () =>
    `{{Module7-74-Web/${logicalId(synth.deployment.web.distribution)}.DomainName}}`;
  /** The hosted sign-in's address, as the stateful stack prints it. */
  const signInDomainUrl = () =>
    renderText(synth.stateful.Outputs?.['SignInDomainUrl'].Value, 'Module7-74-Stateful', synth.json);
});
