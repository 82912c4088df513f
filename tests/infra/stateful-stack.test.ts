/**
 * The synth.stateful stack (`infra/lib/stateful-stack.ts`): the table, the e-mail sending (SES identity,
 * configuration set, archive of its events) and the user pool, kept whatever happens to the rest.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_SCHEMA } from '#adapters/dynamodb-keys';
import { ROLES } from '#shared/routes';
import { EMAIL_EVENTS_RETENTION } from '../../infra/lib/email-sending.ts';
import { type Json, logicalId, renderText, resourcesOfType } from './cfn.ts';
import { useSynthesized } from './synth.ts';

describe('the synth.stateful stack of the default department (Haute-Savoie)', () => {
  const synth = useSynthesized();

  describe('the data', () => {
    it('keeps the table: point-in-time recovery, deletion protection, retained, encrypted', () => {
      synth.templates.stateful.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: { SSEEnabled: true },
        },
      });
    });

    it('builds the table from the adapters’ key schema', () => {
      synth.templates.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: TABLE_SCHEMA.byDateIndex.name,
            KeySchema: [
              { AttributeName: TABLE_SCHEMA.byDateIndex.partitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE_SCHEMA.byDateIndex.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      });
    });

    it('has no SNS topic left: e-mail goes to each recipient through SES', () => {
      expect(resourcesOfType(synth.stateful, 'AWS::SNS::Topic')).toEqual([]);
    });
    it('keeps the users: a retained pool with the five roles, MFA and no self sign-up', () => {
      synth.templates.stateful.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        Properties: {
          MfaConfiguration: 'ON',
          AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
          DeletionProtection: 'ACTIVE',
        },
      });
      const groups = resourcesOfType(synth.stateful, 'AWS::Cognito::UserPoolGroup').map(
        ([, group]) => group.Properties.GroupName,
      );
      expect(groups.sort()).toEqual([...ROLES].sort());
    });
  });

  describe('signing in', () => {
    it('gives the pool a Cognito domain for the hosted sign-in, named after the department and this stack', () => {
      const domains = resourcesOfType(synth.stateful, 'AWS::Cognito::UserPoolDomain');
      expect(domains).toHaveLength(1);
      const [[, domain]] = domains as [[string, Json]];
      expect(domain.Properties.UserPoolId).toEqual({ Ref: logicalId(synth.deployment.stateful.userPool) });
      // The classic hosted UI: the newer managed login would need a branding resource per client.
      expect(domain.Properties.ManagedLoginVersion).toBe(1);
      // `module7-74-` and the first group of the stack's GUID (arn:…:stack/<name>/<guid>).
      expect(domain.Properties.Domain).toEqual({
        'Fn::Join': [
          '',
          [
            'module7-74-',
            {
              'Fn::Select': [
                0,
                {
                  'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }],
                },
              ],
            },
          ],
        ],
      });
      expect(
        renderText(synth.stateful.Outputs?.['SignInDomainUrl'].Value, 'Module7-74-Stateful', synth.json),
      ).toBe(
        `https://{{Module7-74-Stateful/${logicalId(synth.deployment.stateful.signInDomain)}}}.auth.{{AWS::Region}}.amazoncognito.com`,
      );
    });

    it('leaves the first dashboard client, which the API’s authorizer declares, unable to sign anyone in', () => {
      synth.templates.stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlowsUserPoolClient: false,
        GenerateSecret: false,
      });
      expect(resourcesOfType(synth.stateful, 'AWS::Cognito::UserPoolClient')).toHaveLength(1);
    });
  });

  describe('the e-mail sending', () => {
    it('verifies the prefecture’s domain with Easy DKIM (2048 bits), sends through the configuration set, and is retained', () => {
      synth.templates.stateful.hasResource('AWS::SES::EmailIdentity', {
        DeletionPolicy: 'Retain',
        Properties: {
          EmailIdentity: 'prefecture.example.org',
          DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
          ConfigurationSetAttributes: {
            ConfigurationSetName: {
              Ref: logicalId(synth.deployment.stateful.email.node.findChild('ConfigurationSet')),
            },
          },
        },
      });
      expect(resourcesOfType(synth.stateful, 'AWS::SES::EmailIdentity')).toHaveLength(1);
    });

    it('names the configuration set after the department, and keeps it', () => {
      synth.templates.stateful.hasResource('AWS::SES::ConfigurationSet', {
        DeletionPolicy: 'Retain',
        Properties: { Name: 'module7-74', SendingOptions: { SendingEnabled: true } },
      });
    });

    it('sends the delivery, bounce, complaint, reject and delay events of each e-mail to the default event bus', () => {
      synth.templates.stateful.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
        ConfigurationSetName: Match.anyValue(),
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['delivery', 'bounce', 'complaint', 'reject', 'deliveryDelay'],
          EventBridgeDestination: {
            EventBusArn: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':events:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':event-bus/default',
                ],
              ],
            },
          },
        },
      });
    });

    it('keeps those events in a retained archive, for the receipts: this department’s configuration set only', () => {
      synth.templates.stateful.hasResource('AWS::Events::Archive', {
        DeletionPolicy: 'Retain',
        Properties: {
          RetentionDays: EMAIL_EVENTS_RETENTION.toDays(),
          EventPattern: {
            source: ['aws.ses'],
            detail: { mail: { tags: { 'ses:configuration-set': ['module7-74'] } } },
          },
        },
      });
      expect(EMAIL_EVENTS_RETENTION.toDays()).toBeGreaterThanOrEqual(366);
    });

    it('prints the three DKIM records to publish before go-live', () => {
      const outputs = Object.keys(synth.stateful.Outputs ?? {});
      expect(outputs.filter((id) => /^DkimRecord[123]$/.test(id)).sort()).toEqual([
        'DkimRecord1',
        'DkimRecord2',
        'DkimRecord3',
      ]);
    });
  });

  describe('the table stream', () => {
    it('streams the new image of every item the table writes', () => {
      synth.templates.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      });
    });
  });
});
