import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { tableDefinition } from '../../shared/data/table.ts';

/** The item actions of work no caller drives (sweep, projector): named one by one, no wildcard. */
const systemItemActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

/**
 * Lets a system function (a scope that is the whole table: the sweep reads every structure's
 * due dates, the projector every structure's changes) read and write items of the table and
 * query its indexes; no Scan, no table administration, no other table.
 */
export function grantSystemItems(
  fn: lambda.IFunction,
  table: dynamodb.ITableV2,
  tableKey: kms.IKey,
): void {
  const indexes = Object.values(tableDefinition.indexes).map(
    (index) => `${table.tableArn}/index/${index.name}`,
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'SystemItems',
      actions: systemItemActions,
      resources: [table.tableArn, ...indexes],
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'TableKeyThroughDynamoDB',
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: [tableKey.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `dynamodb.${table.stack.region}.amazonaws.com` },
      },
    }),
  );
}
