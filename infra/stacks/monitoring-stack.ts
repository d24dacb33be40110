import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { deadLetterQueue } from '../constructs/dead-letter-queue.ts';

export interface MonitoringStackProps extends StackProps {
  readonly stage: string;
  readonly alarmEmail: string;
  /** Every function, by the name it goes by (`api`, `deadlines`…). */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** Every dead-letter queue, by what fails into it. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  readonly httpStage: apigw.IHttpStage;
  /** The stream consumer, whose iterator age says how far the statistics lag. */
  readonly streamConsumer: lambda.IFunction;
}

/**
 * What wakes an operator: any function error or throttle, any message in a dead-letter queue,
 * server errors at the API, statistics lagging behind the table; all to one SNS topic that
 * e-mails the alarm address. And one dashboard with the same figures.
 */
export class MonitoringStack extends Stack {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);

    const topicKey = new kms.Key(this, 'AlarmTopicKey', {
      alias: `alias/appui-${props.stage}-alarms`,
      description: 'Encrypts the alarm topic; CloudWatch may use it to publish',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchPublishesAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Alarms', {
      topicName: `appui-${props.stage}-alarms`,
      displayName: `Appui ${props.stage} : alarmes`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    const undelivered = deadLetterQueue(
      this,
      'UndeliveredAlarms',
      `appui-${props.stage}-alarm-mail-dlq`,
    );
    this.topic.addSubscription(
      new subscriptions.EmailSubscription(props.alarmEmail, { deadLetterQueue: undelivered }),
    );
    const notify = new SnsAction(this.topic);
    const alarm = (
      id: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      description: string,
    ) => {
      const created = new cloudwatch.Alarm(this, id, {
        alarmName: `appui-${props.stage}-${id}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(notify);
      this.alarms.push(created);
      return created;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}-errors`, fn.metricErrors(fiveMinutes), 1, `The ${name} function failed`);
      alarm(
        `${name}-throttles`,
        fn.metricThrottles(fiveMinutes),
        1,
        `The ${name} function was throttled`,
      );
    }
    const dlqDepth = (queue: sqs.IQueue) =>
      queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      });
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}-dlq-depth`,
        dlqDepth(queue),
        1,
        `Messages wait in the ${name} dead-letter queue`,
      );
    }
    alarm('alarm-mail-dlq-depth', dlqDepth(undelivered), 1, 'Alarm e-mails could not be delivered');
    alarm(
      'api-5xx',
      props.httpStage.metricServerError(fiveMinutes),
      5,
      'The HTTP API answered server errors',
    );
    const iteratorAge = props.streamConsumer.metric('IteratorAge', {
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    });
    alarm(
      'stats-lag',
      iteratorAge,
      15 * 60_000,
      'The statistics lag the table by 15 minutes or more',
    );

    const fns = Object.entries(props.functions);
    new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `appui-${props.stage}`,
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'HTTP API: requests and errors',
            left: [
              props.httpStage.metricCount(fiveMinutes),
              props.httpStage.metricClientError(fiveMinutes),
              props.httpStage.metricServerError(fiveMinutes),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'HTTP API: latency (p50, p99)',
            left: [
              props.httpStage.metricLatency({ statistic: cloudwatch.Stats.p(50) }),
              props.httpStage.metricLatency({ statistic: cloudwatch.Stats.p(99) }),
            ],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Functions: errors',
            left: fns.map(([, fn]) => fn.metricErrors(fiveMinutes)),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Functions: duration p99',
            left: fns.map(([, fn]) => fn.metricDuration({ statistic: cloudwatch.Stats.p(99) })),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Functions: throttles',
            left: fns.map(([, fn]) => fn.metricThrottles(fiveMinutes)),
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Dead-letter queues',
            left: Object.values(props.deadLetterQueues).map(dlqDepth),
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Statistics lag (iterator age)',
            left: [iteratorAge],
            width: 12,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
      ],
    });
  }
}
