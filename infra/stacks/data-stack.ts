import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { tableDefinition, tableName } from '../../shared/data/table.ts';

/** Properties of the data stack: the stage names the table (`appui-<stage>`) and its key alias. */
export interface DataStackProps extends StackProps {
  readonly stage: string;
}

/** A string key attribute, the only kind the shared definition uses. */
function stringAttribute(name: string): dynamodb.Attribute {
  return { name, type: dynamodb.AttributeType.STRING };
}

/** The table's global secondary indexes, one per index of the shared definition. */
function globalSecondaryIndexes(): dynamodb.GlobalSecondaryIndexPropsV2[] {
  return Object.values(tableDefinition.indexes).map((index) => ({
    indexName: index.name,
    partitionKey: stringAttribute(index.partitionKey),
    sortKey: stringAttribute(index.sortKey),
    projectionType: dynamodb.ProjectionType.ALL,
  }));
}

/**
 * Appui's single DynamoDB table and the customer-managed key that encrypts it, built from the
 * shared table definition. Both are retained when the stack is deleted: the data outlives it.
 */
export class DataStack extends Stack {
  /** The single table; later stacks grant their functions access through it. */
  public readonly table: dynamodb.TableV2;
  /** The customer-managed key encrypting the table and its stream. */
  public readonly tableKey: kms.Key;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const name = tableName(props.stage);

    this.tableKey = new kms.Key(this, 'TableKey', {
      alias: `alias/${name}-table`,
      description: `Encrypts the ${name} DynamoDB table, its stream and its backups`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new dynamodb.TableV2(this, 'Table', {
      tableName: name,
      partitionKey: stringAttribute(tableDefinition.partitionKey),
      sortKey: stringAttribute(tableDefinition.sortKey),
      globalSecondaryIndexes: globalSecondaryIndexes(),
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.tableKey),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      dynamoStream: dynamodb.StreamViewType[tableDefinition.stream],
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const streamArn = this.table.tableStreamArn;
    if (streamArn === undefined) {
      throw new Error(`Table ${name} has no stream: the shared definition requires one`);
    }

    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'Name of the Appui table',
    });
    new CfnOutput(this, 'TableArn', {
      value: this.table.tableArn,
      description: 'ARN of the table',
    });
    new CfnOutput(this, 'TableStreamArn', {
      value: streamArn,
      description: 'ARN of the table stream read by the statistics projector',
    });
  }
}
