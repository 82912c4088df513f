/**
 * The HTTP API: one route per entry of the route table (`functions/shared/routes.ts`), each to its function,
 * every route behind the Cognito JWT authorizer but the public pages of the acknowledgement links, on one
 * throttled stage that logs every request.
 */
import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RouteFunctionSpec } from './function-catalog.ts';
import type { CatalogFunction } from './module7-function.ts';

/** One JSON line per request: who (the token's subject, never a name), what, and how it ended. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    route: '$context.routeKey',
    status: '$context.status',
    latencyMs: '$context.responseLatency',
    sub: '$context.authorizer.claims.sub',
    authorizerError: '$context.authorizer.error',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The issuer the Cognito JWT authorizer expects, as `HttpUserPoolAuthorizer` writes it: whoever changes the
 * authorizer's audience (the Web stack) must give it back the same issuer.
 */
export const cognitoIssuer = (region: string, userPoolId: string) =>
  `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;

export interface HttpApiProps {
  /** INSEE code of the department, in the API's name. */
  department: string;
  userPool: cognito.IUserPool;
  /**
   * The client the authorizer declares as its audience. The dashboard's client is created with the CloudFront
   * address in the Web stack, deployed after this one: that stack adds it to the audience (`WebStack`).
   */
  userPoolClient: cognito.IUserPoolClient;
  /** One function per route of the route table served on AWS. */
  routes: readonly CatalogFunction<RouteFunctionSpec>[];
}

/**
 * The API and its `$default` stage. Like the other parts of the stateless stack, it adds its resources to the
 * scope it is given (`Api`, `ApiAccessLogs`): see `StatelessStack`.
 */
export class HttpApi {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The Cognito JWT authorizer of every route but the public pages, attached once the routes are added. */
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, props: HttpApiProps) {
    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.userPool, {
      userPoolClients: [props.userPoolClient],
    });
    this.authorizer = authorizer;
    this.api = new apigwv2.HttpApi(scope, 'Api', {
      apiName: `module7-${props.department}`,
      description: `Module 7 — préfecture ${props.department}`,
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });
    this.accessLogs = new logs.LogGroup(scope, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // Tens of staff use the dashboard: far above their need, far below what would cost money in an attack.
      throttle: { rateLimit: 20, burstLimit: 50 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    for (const { spec, fn } of props.routes) {
      const added = this.api.addRoutes({
        path: spec.spec.path,
        methods: [apigwv2.HttpMethod[spec.spec.method]],
        integration: fn.httpIntegration(`${spec.id}Integration`),
        // A public page (the link of a page) has no token: its single-use code is its credential.
        authorizer: spec.spec.public ? new apigwv2.HttpNoneAuthorizer() : authorizer,
      });
      if (spec.spec.public) {
        for (const route of added) {
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason:
              'The page of an acknowledgement link, opened from an SMS by a person on call who has no account: ' +
              'its credential is the single-use, 12-hour code of 49 bits in its path; the stage is throttled ' +
              '(20 requests/s) and opening it changes nothing.',
          });
        }
      }
    }
  }
}
