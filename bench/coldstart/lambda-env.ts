/**
 * Each function's environment as deployed: the variables of its `AWS::Lambda::Function` in the
 * CDK app's templates (synthesized without bundling), with the values CloudFormation would
 * resolve (table name, role ARNs, user pool…) given here, and the variables Lambda itself sets.
 * A variable the stacks add without a value here stops the benchmark, so none is forgotten.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CDK_APP_MODE_CONTEXT } from 'aws-cdk-lib/cx-api';
import { z } from 'zod';
import { buildAppui } from '../../infra/appui.ts';
import type { FunctionName } from '../../infra/bundling.ts';

export const benchStage = 'bench';
export const benchTable = 'appui-bench';

/** What CloudFormation resolves at deploy time, by variable. */
const deployTimeValues: Record<string, string> = {
  TABLE_NAME: benchTable,
  USER_POOL_ID: 'eu-west-3_Bench0001',
  COGNITO_CLIENT_ID: 'benchclient',
  COGNITO_LOGIN_URL: 'https://appui-bench.auth.eu-west-3.amazoncognito.com',
  OIDC_ISSUER: 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_Bench0001',
  OIDC_JWKS_URL:
    'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_Bench0001/.well-known/jwks.json',
  OIDC_AUDIENCE: 'benchclient',
  TENANT_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-bench-tenant-access',
  PRESCRIBER_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-bench-prescriber-access',
  FUNDER_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-bench-funder-access',
  PLATFORM_ACCESS_ROLE_ARN: 'arn:aws:iam::123456789012:role/appui-bench-platform-access',
};

const cdkJson = z
  .object({ context: z.record(z.string(), z.unknown()) })
  .parse(JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')));

const functionResource = z.object({
  Properties: z.object({
    FunctionName: z.string(),
    MemorySize: z.number(),
    Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }),
  }),
});

/** The deployed variables of every function, resolved; and each function's memory size. */
export function deployedEnvironments(): Map<
  FunctionName,
  { variables: Record<string, string>; memorySize: number }
> {
  const app = new App({
    context: {
      ...cdkJson.context,
      [CDK_APP_MODE_CONTEXT]: 'inmemory',
      'aws:cdk:bundling-stacks': [],
      stage: benchStage,
      region: 'eu-west-3',
      domain: 'appui.example',
      certificateArn: '',
    },
  });
  const { settings: _, ...stacks } = buildAppui(app);
  const found = new Map<FunctionName, { variables: Record<string, string>; memorySize: number }>();
  for (const stack of Object.values(stacks)) {
    const resources = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    for (const resource of Object.values(resources)) {
      const parsed = functionResource.safeParse(resource);
      if (!parsed.success) continue;
      const { FunctionName, MemorySize, Environment } = parsed.data.Properties;
      const name = FunctionName.replace(`appui-${benchStage}-`, '');
      const variables = Object.fromEntries(
        Object.entries(Environment.Variables).map(([key, value]) => {
          if (typeof value === 'string') return [key, value];
          const resolved = deployTimeValues[key];
          if (resolved === undefined) {
            throw new Error(
              `${FunctionName}'s ${key} is resolved at deploy time: give it a value here`,
            );
          }
          return [key, resolved];
        }),
      );
      if (isFunctionName(name)) found.set(name, { variables, memorySize: MemorySize });
    }
  }
  return found;
}

const names: readonly string[] = [
  'api',
  'portal',
  'deadlines',
  'retention',
  'stats-projector',
  'auth-pre-token',
] satisfies FunctionName[];

function isFunctionName(name: string): name is FunctionName {
  return names.includes(name);
}
