/**
 * What must outlive any redeployment: the domain table, the e-mail sending (the SES identity and its DKIM
 * keys, the configuration set and the archive of the e-mails' events) and the user pool (accounts, groups, MFA
 * secrets). Everything here is retained when the stack is deleted.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '#adapters/dynamodb-keys';
import { ROLES } from '#shared/routes';
import { EmailSending } from './email-sending.ts';

export interface StatefulStackProps extends StackProps {
  department: string;
  /** The prefecture's mail domain, the SES identity the e-mails are sent from. */
  emailDomain: string;
}

const string = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly email: EmailSending;
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

    this.email = new EmailSending(this, 'Email', {
      department: props.department,
      domain: props.emailDomain,
    });

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
    // The three CNAME records that verify the mail domain and sign its mail (infra/README.md, before go-live).
    const { identity } = this.email;
    const dkim = [
      [identity.dkimDnsTokenName1, identity.dkimDnsTokenValue1],
      [identity.dkimDnsTokenName2, identity.dkimDnsTokenValue2],
      [identity.dkimDnsTokenName3, identity.dkimDnsTokenValue3],
    ];
    dkim.forEach(([name, value], index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, {
        description: `DKIM record ${index + 1} of ${props.emailDomain}: publish it in the domain's DNS zone`,
        value: `${name} CNAME ${value}`,
      });
    });
    new CfnOutput(this, 'EmailEventsArchive', { value: this.email.archive.archiveName });
  }
}
