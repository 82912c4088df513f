/**
 * What must outlive any redeployment: the domain table, the e-mail sending (the SES identity and its DKIM
 * keys, the configuration set and the archive of the e-mails' events) and the user pool (accounts, groups, MFA
 * secrets) with its sign-in domain. Everything here but the domain is retained when the stack is deleted.
 */
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
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
  /**
   * The prefix of the user pool's Cognito domain (checked by `readSettings`).
   * @default `module7-<department>-<the first eight hex digits of this stack's id>`
   */
  authDomainPrefix?: string | undefined;
}

const string = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly email: EmailSending;
  readonly userPool: cognito.UserPool;
  /**
   * The client the API's authorizer declares in its template. It signs nobody in (no flow but refreshing):
   * the dashboard's client lives in the Web stack, which adds it to the authorizer (see `WebStack`).
   */
  readonly userPoolClient: cognito.UserPoolClient;
  /** Where staff sign in: Cognito's hosted pages, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly signInDomain: cognito.UserPoolDomain;

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
    // The dashboard's first client (SRP from the browser). It stays, under its id, because the API's authorizer
    // declares it, but it no longer signs anyone in: an AuthFlow with every flow off renders
    // ALLOW_REFRESH_TOKEN_AUTH alone (without it Cognito would allow SRP and custom authentication).
    this.userPoolClient = this.userPool.addClient('Dashboard', {
      authFlows: { userSrp: false },
      generateSecret: false,
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // A Cognito prefix domain: the hosted sign-in (password, then the TOTP code), the authorization and token
    // endpoints. One per user pool. The default prefix takes the stack's own id, unique to this deployment,
    // because a prefix is unique per region among all AWS customers (a staging and a production account in
    // one region cannot share `module7-74`). Its value is kept for the stack's life; changing it later
    // replaces the domain, which Cognito refuses while the pool still has the old one (infra/README.md).
    const stackGuid = Fn.select(2, Fn.split('/', this.stackId));
    this.signInDomain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: {
        domainPrefix:
          props.authDomainPrefix ?? `module7-${props.department}-${Fn.select(0, Fn.split('-', stackGuid))}`,
      },
      // The classic hosted UI works with the OAuth settings of the client alone; the newer managed login would
      // also need a branding resource for each client.
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'SignInDomainUrl', { value: this.signInDomain.baseUrl() });
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
