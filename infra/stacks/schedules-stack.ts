import { Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { AppuiFunction } from '../constructs/appui-function.ts';
import { deadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { grantSystemItems } from '../constructs/system-access.ts';

export interface SchedulesStackProps extends StackProps {
  readonly stage: string;
  readonly table: dynamodb.ITableV2;
  readonly tableKey: kms.IKey;
  readonly senderIdentity: ses.IEmailIdentity;
  readonly mailFrom: string;
  readonly publicUrl: string | undefined;
}

/**
 * The scheduled jobs. The deadline sweep runs every hour on the hour (each run sweeps the time
 * zones where it is 06:xx, then e-mails the day's digest); the scheduled time goes in its input,
 * so a retry sweeps what the first attempt would have. Deliveries that fail twice, and runs that
 * fail twice, land in a dead-letter queue (alarmed in the monitoring stack).
 *
 * The retention job (functions/retention: erase personal data two years after the last contact,
 * declined referrals six months after their answer) runs once a day at 02:00 UTC, the night in
 * mainland France and before the morning in La Réunion; a failed run is retried, then queued.
 */
export class SchedulesStack extends Stack {
  readonly deadlines: AppuiFunction;
  readonly deadlinesDlq: sqs.Queue;
  readonly retention: AppuiFunction;
  readonly retentionDlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: SchedulesStackProps) {
    super(scope, id, props);

    this.deadlines = new AppuiFunction(this, 'Deadlines', {
      name: 'deadlines',
      invocation: 'asynchronous',
      stage: props.stage,
      description: 'Hourly deadline sweep and the daily e-mail digest',
      timeout: Duration.minutes(5),
      environment: {
        TABLE_NAME: props.table.tableName,
        MAIL_FROM: props.mailFrom,
        ...(props.publicUrl === undefined ? {} : { APPUI_PUBLIC_URL: props.publicUrl }),
      },
    });
    grantSystemItems(this.deadlines.fn, props.table, props.tableKey);
    this.deadlines.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SendDigestFromAppuiSender',
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [props.senderIdentity.emailIdentityArn],
      }),
    );

    this.deadlinesDlq = deadLetterQueue(this, 'DeadlinesDlq', `appui-${props.stage}-deadlines-dlq`);
    this.deadlines.fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(this.deadlinesDlq),
    });

    new scheduler.Schedule(this, 'HourlySweep', {
      scheduleName: `appui-${props.stage}-deadlines-hourly`,
      description: 'The deadline sweep, every hour on the hour (UTC)',
      schedule: scheduler.ScheduleExpression.cron({ minute: '0' }),
      target: new targets.LambdaInvoke(this.deadlines.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
        }),
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.deadlinesDlq,
      }),
    });
    this.retention = new AppuiFunction(this, 'Retention', {
      name: 'retention',
      invocation: 'asynchronous',
      stage: props.stage,
      description: 'Daily erasure of personal data past its retention period',
      timeout: Duration.minutes(15),
      environment: { TABLE_NAME: props.table.tableName },
    });
    grantSystemItems(this.retention.fn, props.table, props.tableKey);
    this.retentionDlq = deadLetterQueue(this, 'RetentionDlq', `appui-${props.stage}-retention-dlq`);
    this.retention.fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.retentionDlq),
    });
    new scheduler.Schedule(this, 'DailyRetention', {
      scheduleName: `appui-${props.stage}-retention-daily`,
      description: 'Erasure of personal data past its retention period, every day at 02:00 UTC',
      schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '2' }),
      target: new targets.LambdaInvoke(this.retention.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
        }),
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.retentionDlq,
      }),
    });

    const jobs = [this.deadlines, this.retention];
    for (const child of this.node.children) {
      if (!child.node.id.startsWith('SchedulerRoleForTarget')) continue;
      for (const job of jobs) {
        Validations.of(child).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(cfnFunction(job))}.Arn>:*]`,
          reason:
            'A schedule may invoke its job’s function and that function’s versions (CDK’s grantInvoke): nothing else.',
        });
      }
    }
  }
}

function cfnFunction(fn: AppuiFunction): lambda.CfnFunction {
  const cfn = fn.fn.node.defaultChild;
  if (!(cfn instanceof lambda.CfnFunction)) throw new Error('a function without its CfnFunction');
  return cfn;
}
