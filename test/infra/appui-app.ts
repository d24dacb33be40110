/**
 * The whole CDK app as the tests synthesize it: the same stacks and nag checks as `npm run synth`,
 * with test settings and without bundling (the functions' code is not what these tests read), so
 * a synthesis takes seconds. Build it once per test file.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CDK_APP_MODE_CONTEXT } from 'aws-cdk-lib/cx-api';
import { addNagChecks, buildAppui } from '../../infra/appui.ts';

export const testSettings = {
  stage: 'test',
  region: 'eu-west-3',
  mailFrom: 'Appui <ne-pas-repondre@appui.example>',
  alarmEmail: 'exploitation@appui.example',
  domain: 'appui.example',
  certificateArn: '',
};

/** cdk.json's context: the feature flags `npm run synth` runs with. */
const cdkJson: unknown = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
);
const flags =
  typeof cdkJson === 'object' && cdkJson !== null && 'context' in cdkJson ? cdkJson.context : {};

export function aTestApp(context: Record<string, string> = {}) {
  const app = new App({
    context: {
      ...(typeof flags === 'object' ? flags : {}),
      [CDK_APP_MODE_CONTEXT]: 'inmemory',
      'aws:cdk:bundling-stacks': [],
      ...testSettings,
      ...context,
    },
  });
  const stacks = buildAppui(app);
  addNagChecks(app);
  return { app, stacks };
}

/** Every stack's template, by stack name (`appui-test-api`…). */
export function templatesOf(stacks: ReturnType<typeof buildAppui>): Record<string, Template> {
  const { settings: _, ...byName } = stacks;
  return Object.fromEntries(
    Object.values(byName).map((stack) => [stack.stackName, Template.fromStack(stack)]),
  );
}

/** A template's resources of one type, with their logical ids. */
export function resourcesOf(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)).map(([id, resource]) => [
    id,
    asResource(resource),
  ]);
}

export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
}

function asResource(value: unknown): Resource {
  if (typeof value !== 'object' || value === null || !('Type' in value)) {
    throw new Error('not a CloudFormation resource');
  }
  const { Type } = value;
  const Properties = 'Properties' in value ? value.Properties : {};
  if (typeof Type !== 'string' || typeof Properties !== 'object' || Properties === null) {
    throw new Error('not a CloudFormation resource');
  }
  return { Type, Properties: { ...Properties } };
}

/** An IAM policy statement as the templates hold it. */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
}

/** The statements of every identity policy in a template (roles' inline policies and AWS::IAM::Policy). */
export function policyStatements(template: Template): { policy: string; statement: Statement }[] {
  const documents: [string, unknown][] = [
    ...resourcesOf(template, 'AWS::IAM::Policy').map(([id, resource]): [string, unknown] => [
      id,
      resource.Properties.PolicyDocument,
    ]),
    ...resourcesOf(template, 'AWS::IAM::Role').flatMap(([id, resource]) => {
      const policies = resource.Properties.Policies;
      return Array.isArray(policies)
        ? policies.map((policy: unknown): [string, unknown] => [
            id,
            field(policy, 'PolicyDocument'),
          ])
        : [];
    }),
  ];
  return documents.flatMap(([policy, document]) => {
    const statements = field(document, 'Statement');
    if (!Array.isArray(statements)) throw new Error(`${policy} has no statements`);
    return statements.map((statement: Statement) => ({ policy, statement }));
  });
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || !(name in value)) {
    throw new Error(`no ${name}`);
  }
  return Object.entries(value).find(([key]) => key === name)?.[1];
}
