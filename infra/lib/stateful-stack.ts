/**
 * What must outlive any redeployment: the domain table, the audiences' e-mail topics (their subscriptions
 * are the mailing lists) and the user pool (accounts, groups, MFA secrets). Everything here is retained when
 * the stack is deleted.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '#adapters/dynamodb-keys';
import { AUDIENCES, type Audience } from '#domain/activation';
import { ROLES } from '#shared/routes';

export interface StatefulStackProps extends StackProps {
  department: string;
}

const string = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

const TOPIC_TITLES: Record<Audience, string> = {
  officials: 'Élus et services',
  press: 'Presse',
  publicLine: 'Cellule d’information du public',
};

export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly topics: Record<Audience, sns.Topic>;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: string(TABLE_SCHEMA.partitionKey),
      sortKey: string(TABLE_SCHEMA.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // New items, as written: the stateless stack starts each new activation's workflow from it.
      stream: dynamodb.StreamViewType.NEW_IMAGE,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_SCHEMA.byDateIndex.name,
      partitionKey: string(TABLE_SCHEMA.byDateIndex.partitionKey),
      sortKey: string(TABLE_SCHEMA.byDateIndex.sortKey),
      projectionType: dynamodb.ProjectionType.ALL,
    });

    // The AWS managed key: only our functions publish, and they are in the account, so no key policy to keep.
    const snsKey = kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns');
    const topics: Partial<Record<Audience, sns.Topic>> = {};
    for (const audience of AUDIENCES) {
      const topic = new sns.Topic(this, `${audience.charAt(0).toUpperCase()}${audience.slice(1)}Topic`, {
        displayName: `Préfecture ${props.department} — ${TOPIC_TITLES[audience]}`,
        masterKey: snsKey,
        enforceSSL: true,
        signatureVersion: '2',
      });
      topic.applyRemovalPolicy(RemovalPolicy.RETAIN);
      topics[audience] = topic;
    }
    this.topics = topics as Record<Audience, sns.Topic>;

    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: `module7-${props.department}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `Rôle ${role} de Module 7` });
    }
    // The dashboard signs in with SRP from the browser: a public client, no secret, no OAuth redirect.
    this.userPoolClient = this.userPool.addClient('Dashboard', {
      authFlows: { userSrp: true },
      generateSecret: false,
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
