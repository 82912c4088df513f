/**
 * The dashboard: `web/` in a private bucket behind CloudFront, and the API under the same domain (the API
 * paths go to API Gateway), so the browser needs no CORS and the token never leaves the origin. Staff sign in
 * on Cognito's hosted pages (password, then the TOTP code) with the authorization-code flow and PKCE, through
 * the dashboard's client, which this stack creates and adds to the API authorizer's audience.
 */
import { join } from 'node:path';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { dashboardContentSecurityPolicy } from '#shared/contract';
import { routes } from '#shared/routes';
import { projectRoot } from '../bundle.ts';
import { cognitoIssuer } from './http-api.ts';
import type { DeploymentSettings } from './settings.ts';
import { webBundling } from './web-bundling.ts';

export interface WebStackProps extends StackProps {
  settings: DeploymentSettings;
  api: apigwv2.IHttpApi;
  /**
   * The API's Cognito JWT authorizer: its id, and the client its own template declares as audience (kept in
   * the audience beside the dashboard's client).
   */
  apiAuthorizer: { authorizerId: string; declaredClient: cognito.IUserPoolClient };
  userPool: cognito.IUserPool;
  /** The user pool's hosted sign-in, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  signInDomainUrl: string;
}

/**
 * `/config.json`, deployed next to the dashboard's files: how it signs in on AWS. The dashboard reads it at
 * start (locally the runtime serves `{ auth: { kind: 'local', users } }` instead).
 *
 * ```json
 * {
 *   "department": "74",
 *   "auth": {
 *     "kind": "cognito",
 *     "region": "eu-west-3",
 *     "domain": "https://module7-74-1a2b3c4d.auth.eu-west-3.amazoncognito.com",
 *     "clientId": "5abc…",
 *     "redirectUri": "https://d111111abcdef8.cloudfront.net/"
 *   }
 * }
 * ```
 *
 * `domain` has no trailing slash: the sign-in is `${domain}/oauth2/authorize`, the token exchange
 * `${domain}/oauth2/token`, the sign-out `${domain}/logout?client_id=…&logout_uri=${redirectUri}`. The client
 * is public (no secret): the dashboard sends a PKCE challenge (S256) with each sign-in and asks for the scopes
 * `openid email profile`. `redirectUri` is both the callback (`?code=…&state=…`) and the sign-out address.
 */
export interface CognitoSiteConfig {
  /** INSEE code of the department. */
  department: string;
  auth: { kind: 'cognito'; region: string; domain: string; clientId: string; redirectUri: string };
}

/** The page a sign-in from a terminal comes back to (infra/README.md): it only shows its own address. */
export const TERMINAL_SIGN_IN_PAGE = '/terminal.html';

/**
 * Static, without script (the Content-Security-Policy allows none inline): the code stays in the address bar
 * for the duty officer to copy, where the dashboard's page would use it and remove it.
 */
const TERMINAL_SIGN_IN_HTML = `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <title>Module 7 — Connexion depuis un terminal</title>
  </head>
  <body>
    <main>
      <h1>Connexion depuis un terminal</h1>
      <p>Copiez l’adresse complète de cette page (la barre d’adresse, avec <code>?code=…</code>) et collez-la
        dans le terminal qui vous l’a demandée.</p>
      <p>Le code ne sert qu’une fois, pendant cinq minutes, et seulement avec le vérificateur que garde ce
        terminal. Fermez ensuite cet onglet.</p>
    </main>
  </body>
</html>
`;

/** CloudFront path patterns of the API routes: `/activations/{id}` becomes `/activations/*`. */
export const apiPathPatterns = (): string[] => [
  ...new Set(
    Object.values(routes)
      .filter((route) => !('localOnly' in route && route.localOnly))
      .map((route) => route.path.replace(/\{[^}]+\}/g, '*')),
  ),
];

export class WebStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  /** The dashboard's client: authorization code with PKCE, public, its callbacks on the distribution. */
  readonly dashboardClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);

    // `as s3.IBucket`: CDK declares `isWebsite?: boolean` on Bucket, which exactOptionalPropertyTypes rejects.
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are written with an ACL. The bucket is the log destination of the site
      // bucket and of CloudFront, and does not log its own accesses.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    }) as s3.IBucket;

    const site = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'site/',
      // Only built files live here: `npm run deploy` puts them back.
      removalPolicy: RemovalPolicy.RETAIN,
    }) as s3.IBucket;

    const region = Stack.of(this).region;
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Module 7 ${props.settings.department}: security headers of the dashboard and the API`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The dashboard exchanges its code for tokens at the Cognito domain's token endpoint.
          contentSecurityPolicy: dashboardContentSecurityPolicy([props.signInDomainUrl]),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    const apiOrigin = new origins.HttpOrigin(
      `${props.api.apiId}.execute-api.${region}.${Stack.of(this).urlSuffix}`,
      {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      },
    );
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      // Nothing is cached; with caching off, this policy forwards the Authorization header.
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Module 7 — préfecture ${props.settings.department}`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(site),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
      },
      additionalBehaviors: Object.fromEntries(apiPathPatterns().map((pattern) => [pattern, apiBehavior])),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction on purpose: prefects and staff must reach the dashboard during a crisis wherever ' +
        'they are (on mission abroad, roaming). Every API call needs a Cognito token with MFA.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF: a CLOUDFRONT-scope web ACL must live in us-east-1 (a second region to deploy and run). The ' +
        'site is static files, the API needs a Cognito token with MFA on every route and its stage is ' +
        'throttled (20 req/s); CloudFront Shield Standard applies. Add a web ACL if the threat model changes.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses the default *.cloudfront.net certificate, for which CloudFront does not let us ' +
        'set the minimum TLS version. A prefecture domain with an ACM certificate (us-east-1) and ' +
        'TLSv1.2_2021 removes this acknowledgement.',
    });

    const dashboardUrl = `https://${this.distribution.distributionDomainName}`;
    const redirectUri = `${dashboardUrl}/`;
    // The client is created here, against the stateful stack's user pool, because its callback URLs are the
    // distribution's address: in the stateful stack (deployed first) they would make a cycle. Passing the
    // address through an SSM parameter would not break it: the API's authorizer, in the stateless stack that
    // this one follows, must accept the client, so any client created before this stack could learn its
    // callbacks only at a second deployment. The authorizer learns this client from `ApiAudience` below.
    this.dashboardClient = new cognito.UserPoolClient(this, 'DashboardSignIn', {
      userPool: props.userPool,
      userPoolClientName: `module7-${props.settings.department}-dashboard`,
      // Public: it runs in the browser (and in a duty officer's terminal), where no secret stays secret.
      generateSecret: false,
      // Every API flow off renders ALLOW_REFRESH_TOKEN_AUTH alone: no password reaches this client outside the
      // hosted pages, which apply the pool's MFA (without the list Cognito would allow SRP and custom auth).
      authFlows: { userSrp: false },
      oAuth: {
        // The code grant only, no implicit grant. Cognito has no setting that requires PKCE: it checks the
        // verifier whenever the authorization request carried a challenge, and both the dashboard and the
        // terminal sign-in send one (S256). The callbacks are exact HTTPS addresses on this distribution.
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [redirectUri, `${dashboardUrl}${TERMINAL_SIGN_IN_PAGE}`],
        logoutUrls: [redirectUri],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // The ID token carries `cognito:groups`, the roles the API checks: an hour, renewed for a day's shift.
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    this.acceptDashboardTokens(props);

    const deployLogs = new logs.LogGroup(this, 'DeployLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const config: CognitoSiteConfig = {
      department: props.settings.department,
      auth: {
        kind: 'cognito',
        region,
        domain: props.signInDomainUrl,
        clientId: this.dashboardClient.userPoolClientId,
        redirectUri,
      },
    };
    new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: site,
      sources: [
        // The built dashboard (web/build.ts): the page, its script, the DSFR's styles and fonts.
        s3deploy.Source.asset(join(projectRoot, 'web'), { bundling: webBundling() }),
        // What the dashboard needs to sign in; the API is on the same origin.
        s3deploy.Source.jsonData('config.json', config),
        s3deploy.Source.data(TERMINAL_SIGN_IN_PAGE.slice(1), TERMINAL_SIGN_IN_HTML),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      logGroup: deployLogs,
      memoryLimit: 256,
    });
    this.acknowledgeDeploymentProvider(site);

    new CfnOutput(this, 'DashboardUrl', { value: dashboardUrl });
    new CfnOutput(this, 'DashboardClientId', { value: this.dashboardClient.userPoolClientId });
  }

  /**
   * Adds the dashboard's client to the audience of the API's JWT authorizer, beside the client the stateless
   * stack declares, with the issuer that stack gives it; on deletion, gives the declared audience back. The
   * stateless stack cannot name this client itself: this stack needs its API first (the distribution's
   * origin), so the client exists only after it. The API's stage deploys the change itself (`autoDeploy`).
   * CloudFormation rewrites the authorizer only when its own properties change, which are inputs here too:
   * the next deployment of this stack (`npm run deploy` deploys it right after) puts the client back. Drift
   * detection on the stateless stack reports this audience: expected.
   */
  private acceptDashboardTokens(props: WebStackProps) {
    const { apiId } = props.api;
    const { authorizerId, declaredClient } = props.apiAuthorizer;
    const issuer = cognitoIssuer(Stack.of(this).region, props.userPool.userPoolId);
    const audience = (clientIds: string[]): cr.AwsSdkCall => ({
      service: 'ApiGatewayV2',
      action: 'UpdateAuthorizer',
      parameters: {
        ApiId: apiId,
        AuthorizerId: authorizerId,
        JwtConfiguration: { Audience: clientIds, Issuer: issuer },
      },
      physicalResourceId: cr.PhysicalResourceId.of(authorizerId),
    });
    const everyClient = audience([declaredClient.userPoolClientId, this.dashboardClient.userPoolClientId]);
    new cr.AwsCustomResource(this, 'ApiAudience', {
      resourceType: 'Custom::ApiAuthorizerAudience',
      onCreate: everyClient,
      onUpdate: everyClient,
      // A replaced authorizer is already gone when its old audience would be given back.
      onDelete: {
        ...audience([declaredClient.userPoolClientId]),
        ignoreErrorCodesMatching: 'NotFoundException',
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['apigateway:PATCH'],
          resources: [
            `arn:${Aws.PARTITION}:apigateway:${Stack.of(this).region}::/apis/${apiId}/authorizers/${authorizerId}`,
          ],
        }),
      ]),
      installLatestAwsSdk: false,
      logGroup: new logs.LogGroup(this, 'ApiAudienceLogs', { retention: logs.RetentionDays.ONE_MONTH }),
    });
    const provider = this.node.tryFindChild(
      `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
    );
    if (!provider) throw new Error('The AwsCustomResource provider function was not found');
    Validations.of(provider).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'The AWS managed basic execution role of CDK’s AwsCustomResource provider: CloudWatch Logs writing only.',
    });
  }

  /**
   * The BucketDeployment's provider function is CDK's own, and runs only during `cdk deploy`; each of its
   * findings is acknowledged on it, by name.
   */
  private acknowledgeDeploymentProvider(site: s3.IBucket) {
    const provider = this.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!provider) throw new Error('The BucketDeployment provider function was not found');
    const siteId = this.resolve(this.getLogicalId(site.node.defaultChild as s3.CfnBucket)) as string;
    const assets = 'arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*';
    const findings: Record<string, string> = {
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
        'The AWS managed basic execution role of CDK’s deployment provider: CloudWatch Logs writing only.',
      L1: 'The runtime of CDK’s deployment provider is chosen by aws-cdk-lib and moves with it.',
      'IAM5[Action::s3:GetObject*]':
        'Read access generated by CDK, limited to the CDK asset bucket (the zipped web/ folder) and the site bucket.',
      'IAM5[Action::s3:GetBucket*]':
        'Read access generated by CDK, limited to the CDK asset bucket (the zipped web/ folder) and the site bucket.',
      'IAM5[Action::s3:List*]':
        'Listing generated by CDK, limited to the CDK asset bucket and the site bucket (to prune removed files).',
      'IAM5[Action::s3:DeleteObject*]':
        'Pruning: files removed from web/ are deleted from the site bucket, and only from it.',
      'IAM5[Action::s3:Abort*]': 'Aborting failed multipart uploads into the site bucket, and only into it.',
      [`IAM5[Resource::${assets}]`]:
        'The zipped web/ folder is an object of the CDK bootstrap asset bucket whose key is known at deploy ' +
        'time only; the grant is read-only.',
      [`IAM5[Resource::<${siteId}.Arn>/*]`]:
        'Every object of the site bucket: the deployment replaces them all.',
      'IAM5[Resource::*]':
        'cloudfront:CreateInvalidation and GetInvalidation, which CDK grants on "*": after each deployment the ' +
        'provider invalidates the cached files; it can change no distribution setting.',
    };
    for (const [finding, reason] of Object.entries(findings)) {
      Validations.of(provider).acknowledge({ id: `AwsSolutions-${finding}`, reason });
    }
  }
}
