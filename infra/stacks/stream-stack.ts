import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { AppuiFunction } from '../constructs/appui-function.ts';
import { deadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { grantSystemItems } from '../constructs/system-access.ts';

export interface StreamStackProps extends StackProps {
  readonly stage: string;
  readonly table: dynamodb.ITableV2;
  readonly tableKey: kms.IKey;
}

/**
 * The table's stream to the statistics projector. A failing batch is split in two until the
 * failing record stands alone (bisect on error), and the projector reports the records it could
 * not project (partial batch response), so one bad record holds nothing else up; a record that
 * still fails after the retries goes to the dead-letter queue, alarmed in the monitoring stack.
 */
export class StreamStack extends Stack {
  readonly projector: AppuiFunction;
  readonly projectorDlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: StreamStackProps) {
    super(scope, id, props);

    this.projector = new AppuiFunction(this, 'StatsProjector', {
      name: 'stats-projector',
      invocation: 'stream',
      stage: props.stage,
      description: 'Keeps the statistics counters from the table stream',
      timeout: Duration.seconds(60),
    });
    this.projector.fn.addEnvironment('TABLE_NAME', props.table.tableName);
    grantSystemItems(this.projector.fn, props.table, props.tableKey);

    this.projectorDlq = deadLetterQueue(
      this,
      'ProjectorDlq',
      `appui-${props.stage}-stats-projector-dlq`,
    );
    this.projector.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.projectorDlq),
      }),
    );
  }
}
