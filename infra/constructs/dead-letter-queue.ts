import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A dead-letter queue: encrypted, TLS only, kept 14 days (the longest SQS keeps a message) for
 * an operator to read and replay. Its depth is alarmed in the monitoring stack.
 */
export function deadLetterQueue(scope: Construct, id: string, queueName: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    queueName,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge(
    {
      id: 'AwsSolutions-SQS3',
      reason: `${queueName} is itself a dead-letter queue: what lands here waits for an operator, it is not processed again.`,
    },
    {
      id: 'Serverless-SQSRedrivePolicy',
      reason: `${queueName} is itself a dead-letter queue: nothing consumes it, so nothing can fail to.`,
    },
  );
  return queue;
}
