/**
 * One prefecture's deployment: three stacks named after the department, so that several departments can
 * share an AWS account. Used by the CDK app and by the tests.
 */
import type { App, Environment } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { DeploymentSettings } from './settings.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';
import { WebStack } from './web-stack.ts';

export interface Deployment {
  stateful: StatefulStack;
  stateless: StatelessStack;
  web: WebStack;
}

/** The stack name prefix of a department: `Module7-74`. */
export const stackPrefix = (department: string) => `Module7-${department}`;

export const addDeployment = (app: App, settings: DeploymentSettings, env?: Environment): Deployment => {
  const prefix = stackPrefix(settings.department);
  const common = {
    ...(env ? { env } : {}),
    tags: { application: 'module7', department: settings.department },
  };
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    ...common,
    description: `Module 7, department ${settings.department}: table, e-mail identity and events, users (retained)`,
    department: settings.department,
    emailDomain: settings.emailDomain,
    authDomainPrefix: settings.authDomainPrefix,
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    ...common,
    description: `Module 7, department ${settings.department}: functions, API, workflow, alarms`,
    settings,
    // CDK's classes declare optional properties without `| undefined`: exactOptionalPropertyTypes wants a cast.
    table: stateful.table as dynamodb.ITable,
    email: {
      identityArn: stateful.email.identity.emailIdentityArn,
      configurationSetName: stateful.email.configurationSetName,
      configurationSetArn: stateful.email.configurationSetArn,
      from: settings.emailFrom,
    },
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
  });
  const web = new WebStack(app, `${prefix}-Web`, {
    ...common,
    description: `Module 7, department ${settings.department}: dashboard and API behind CloudFront`,
    settings,
    api: stateless.api as apigwv2.IHttpApi,
    apiAuthorizer: { authorizerId: stateless.apiAuthorizerId, declaredClient: stateful.userPoolClient },
    userPool: stateful.userPool,
    signInDomainUrl: stateful.signInDomain.baseUrl(),
  });
  return { stateful, stateless, web };
};
