/**
 * The dashboard: `web/` in a private bucket behind CloudFront, and the API under the same domain (the API
 * paths go to API Gateway), so the browser needs no CORS and the token never leaves the origin.
 */
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { routes } from '#shared/routes';
import { projectRoot } from '../bundle.ts';
import type { DeploymentSettings } from './settings.ts';

export interface WebStackProps extends StackProps {
  settings: DeploymentSettings;
  api: apigwv2.IHttpApi;
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
}

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
          contentSecurityPolicy: [
            "default-src 'self'",
            `connect-src 'self' https://cognito-idp.${region}.amazonaws.com`,
            "img-src 'self' data:",
            "font-src 'self'",
            "style-src 'self'",
            "script-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
          ].join('; '),
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

    const deployLogs = new logs.LogGroup(this, 'DeployLogs', { retention: logs.RetentionDays.ONE_MONTH });
    new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: site,
      sources: [
        s3deploy.Source.asset(join(projectRoot, 'web')),
        // What the dashboard needs to sign in; the API is on the same origin.
        s3deploy.Source.jsonData('config.json', {
          department: props.settings.department,
          region,
          userPoolId: props.userPool.userPoolId,
          userPoolClientId: props.userPoolClient.userPoolClientId,
          apiBaseUrl: '',
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      logGroup: deployLogs,
      memoryLimit: 256,
    });
    this.acknowledgeDeploymentProvider(site);

    new CfnOutput(this, 'DashboardUrl', { value: `https://${this.distribution.distributionDomainName}` });
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
