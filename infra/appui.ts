/**
 * The whole CDK app of one deployment: stacks and their wiring, and the cdk-nag checks. The
 * entry point (app.ts) and the infrastructure tests build it the same way.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { publicUrlOf, readDeploymentSettings } from './config.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { AuthStack } from './stacks/auth-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { MailStack } from './stacks/mail-stack.ts';
import { MonitoringStack } from './stacks/monitoring-stack.ts';
import { SchedulesStack } from './stacks/schedules-stack.ts';
import { StreamStack } from './stacks/stream-stack.ts';
import { WebStack } from './stacks/web-stack.ts';

/** Every stack of one deployment, wired together. */
export function buildAppui(app: App) {
  const settings = readDeploymentSettings(app);
  const { stage } = settings;
  const env = { account: settings.account, region: settings.region };
  const name = (part: string) => `appui-${stage}-${part}`;
  const publicUrl = publicUrlOf(settings);

  const data = new DataStack(app, name('data'), {
    stage,
    env,
    description: `Appui ${stage}: the single DynamoDB table and its KMS key`,
  });
  const mail = new MailStack(app, name('mail'), {
    mailFrom: settings.mailFrom,
    env,
    description: `Appui ${stage}: the SES identity mail is sent from`,
  });
  const auth = new AuthStack(app, name('auth'), {
    stage,
    env,
    sender: mail.sender,
    senderIdentity: mail.identity,
    publicUrl,
    authDomainPrefix: settings.authDomainPrefix,
    description: `Appui ${stage}: Cognito user pool, managed login, pre-token trigger`,
  });
  const api = new ApiStack(app, name('api'), {
    stage,
    env,
    table: data.table,
    tableKey: data.tableKey,
    userPool: auth.userPool,
    client: auth.client,
    issuer: auth.issuer,
    loginUrl: auth.domain.baseUrl(),
    publicUrl,
    senderIdentity: mail.identity,
    mailFrom: settings.mailFrom,
    description: `Appui ${stage}: HTTP API, API and portal functions, data access roles`,
  });
  const schedules = new SchedulesStack(app, name('schedules'), {
    stage,
    env,
    table: data.table,
    tableKey: data.tableKey,
    senderIdentity: mail.identity,
    mailFrom: settings.mailFrom,
    publicUrl,
    description: `Appui ${stage}: the hourly deadline sweep`,
  });
  const stream = new StreamStack(app, name('stream'), {
    stage,
    env,
    table: data.table,
    tableKey: data.tableKey,
    description: `Appui ${stage}: the table stream to the statistics projector`,
  });
  const web = new WebStack(app, name('web'), {
    stage,
    env,
    apiDomain: api.apiDomain,
    domain: settings.domain,
    certificateArn: settings.certificateArn,
    description: `Appui ${stage}: CloudFront, the static pages' bucket`,
  });
  const monitoring = new MonitoringStack(app, name('monitoring'), {
    stage,
    env,
    alarmEmail: settings.alarmEmail,
    functions: {
      api: api.api.fn,
      portal: api.portal.fn,
      deadlines: schedules.deadlines.fn,
      retention: schedules.retention.fn,
      'stats-projector': stream.projector.fn,
      'auth-pre-token': auth.preToken.fn,
    },
    deadLetterQueues: {
      deadlines: schedules.deadlinesDlq,
      retention: schedules.retentionDlq,
      'stats-projector': stream.projectorDlq,
    },
    httpStage: api.stage,
    streamConsumer: stream.projector.fn,
    description: `Appui ${stage}: alarms and dashboard`,
  });
  return { settings, data, mail, auth, api, schedules, stream, web, monitoring };
}

/** Any unacknowledged AwsSolutions or Serverless finding fails synthesis (non-zero exit). */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new ServerlessChecks(app, { verbose: true }),
  );
}
