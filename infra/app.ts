import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataStack } from './stacks/data-stack.ts';

/**
 * Reads a setting from its environment variable, else from the CDK context (`cdk.json` holds
 * the defaults, `-c key=value` overrides them), and refuses a missing or malformed value.
 */
function readSetting(app: App, key: string, variable: string, pattern: RegExp): string {
  const fromEnv = process.env[variable];
  const fromContext: unknown = app.node.tryGetContext(key);
  const value = fromEnv !== undefined && fromEnv !== '' ? fromEnv : fromContext;
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new Error(
      `Setting "${key}" must match ${pattern} (env ${variable} or context "${key}"), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

const app = new App();
// The stage goes into resource names (table, key alias), so it stays short and lowercase.
const stage = readSetting(app, 'stage', 'APPUI_STAGE', /^[a-z][a-z0-9-]{0,19}$/);
const region = readSetting(app, 'region', 'APPUI_REGION', /^[a-z]{2}(-[a-z]+)+-\d$/);
// Without credentials the account stays unresolved: synth needs no AWS access and does no lookups.
const account = process.env.CDK_DEFAULT_ACCOUNT || undefined;

new DataStack(app, `appui-${stage}-data`, {
  stage,
  env: { account, region },
  description: `Appui ${stage}: the single DynamoDB table and its KMS key`,
});

// Any unacknowledged AwsSolutions finding fails synthesis (non-zero exit).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
