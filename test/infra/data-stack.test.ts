import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CDK_APP_MODE_CONTEXT } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { keyAttributes, tableDefinition, tableName } from '../../shared/data/table.ts';

const stage = 'test';

/** An app that throws the full validation report on a failed check, as tests need. */
function anApp(): App {
  return new App({ context: { [CDK_APP_MODE_CONTEXT]: 'inmemory' } });
}

function aDataStack(app: App = anApp()): DataStack {
  return new DataStack(app, 'Data', { stage, env: { region: 'eu-west-3' } });
}

/** The stack's only resource of a type, with its logical id. */
function onlyResource(template: Template, type: string): { id: string; resource: unknown } {
  const entries = Object.entries(template.findResources(type));
  expect(entries).toHaveLength(1);
  const [entry] = entries;
  if (entry === undefined) throw new Error(`no ${type} in the template`);
  return { id: entry[0], resource: entry[1] };
}

describe('DataStack', () => {
  const template = Template.fromStack(aDataStack());
  const table = onlyResource(template, 'AWS::DynamoDB::GlobalTable');
  const key = onlyResource(template, 'AWS::KMS::Key');

  it('names the table after the stage', () => {
    expect(table.resource).toMatchObject({ Properties: { TableName: tableName(stage) } });
  });

  it('keys the table on the partition and sort keys of the shared definition', () => {
    expect(table.resource).toMatchObject({
      Properties: {
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: keyAttributes().map((AttributeName) => ({
          AttributeName,
          AttributeType: 'S',
        })),
      },
    });
  });

  it('declares exactly the global secondary indexes of the shared definition, all projected', () => {
    const expected = Object.values(tableDefinition.indexes).map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));

    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: Match.exact(expected),
    });
    expect(expected.map((index) => index.IndexName)).toEqual(['GSI1', 'GSI2', 'DUE', 'PURGE']);
  });

  it('bills on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('enables point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ],
    });
  });

  it('encrypts the table with its customer-managed KMS key', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({
          SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] } },
        }),
      ],
    });
  });

  it('rotates the table key, retains it and gives it a stage alias', () => {
    expect(key.resource).toMatchObject({
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: `alias/${tableName(stage)}-table`,
      TargetKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] },
    });
  });

  it('protects the table from deletion and retains it when the stack goes', () => {
    expect(table.resource).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { Replicas: [{ DeletionProtectionEnabled: true }] },
    });
  });

  it('streams new and old images', () => {
    expect(tableDefinition.stream).toBe('NEW_AND_OLD_IMAGES');
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: tableDefinition.stream },
    });
  });

  it('expires items on the expiresAt attribute', () => {
    expect(tableDefinition.ttlAttribute).toBe('expiresAt');
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
    });
  });

  it('outputs the table name, ARN and stream ARN', () => {
    template.hasOutput('TableName', { Value: { Ref: table.id } });
    template.hasOutput('TableArn', { Value: { 'Fn::GetAtt': [table.id, 'Arn'] } });
    template.hasOutput('TableStreamArn', { Value: { 'Fn::GetAtt': [table.id, 'StreamArn'] } });
  });
});

describe('AwsSolutions checks', () => {
  it('find nothing to report on the data stack', () => {
    const app = anApp();
    const stack = aDataStack(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).not.toThrow();
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('fail synthesis on an unacknowledged finding', () => {
    const app = anApp();
    new kms.Key(new Stack(app, 'Careless'), 'UnrotatedKey');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).toThrow(/AwsSolutions-KMS5/);
  });

  it('let synthesis through once the finding is acknowledged with a reason', () => {
    const app = anApp();
    const key = new kms.Key(new Stack(app, 'Deliberate'), 'UnrotatedKey');
    Validations.of(key).acknowledge({
      id: 'AwsSolutions-KMS5',
      reason: 'Fixture: proves an acknowledgement is honoured',
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).not.toThrow();
  });
});
