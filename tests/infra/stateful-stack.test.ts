/**
 * The synth.stateful stack (`infra/lib/stateful-stack.ts`): the table, the audiences' topics and the user pool,
 * kept whatever happens to the rest.
 */
import { describe, expect, it } from 'vitest';
import { TABLE_SCHEMA } from '#adapters/dynamodb-keys';
import { AUDIENCES } from '#domain/activation';
import { ROLES } from '#shared/routes';
import { resourcesOfType } from './cfn.ts';
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

    it('has one encrypted, retained topic per audience', () => {
      const topics = resourcesOfType(synth.stateful, 'AWS::SNS::Topic');
      expect(topics).toHaveLength(AUDIENCES.length);
      for (const [id, topic] of topics) {
        expect(topic.DeletionPolicy, id).toBe('Retain');
        expect(JSON.stringify(topic.Properties.KmsMasterKeyId), id).toMatch(/:alias\/aws\/sns"/);
      }
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

  describe('the table stream', () => {
    it('streams the new image of every item the table writes', () => {
      synth.templates.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      });
    });
  });
});
