import { Validations } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { customAttributes } from '../../functions/auth-pre-token/claims.ts';
import { functionEntries } from '../../infra/bundling.ts';
import { publicApiRoutes } from '../../infra/stacks/api-stack.ts';
import {
  accessRoleNames,
  partitionGrants,
  principalTagVariable,
  sessionTags,
} from '../../shared/data/scope.ts';
import { staticPages } from '../../web/static-site.tsx';
import {
  actionsOf,
  aTestApp,
  policyStatements,
  resourcesOf,
  type Statement,
  templatesOf,
} from './appui-app.ts';

let built: ReturnType<typeof aTestApp>;
let templates: Record<string, Template>;
const template = (part: string): Template => {
  const found = templates[`appui-test-${part}`];
  if (found === undefined) throw new Error(`no ${part} stack`);
  return found;
};

/** One synthesis of the whole app, with nag checks: seconds, more on a busy machine. */
const synthesisTimeoutMs = 120_000;

beforeAll(() => {
  built = aTestApp();
  built.app.synth();
  templates = templatesOf(built.stacks);
}, synthesisTimeoutMs);

/** The logical id of a template's only resource of a type. */
function onlyId(stack: Template, type: string): string {
  const found = Object.keys(stack.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] ?? '';
}

/** A field of a template value, or undefined. */
function at(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.entries(value).find(([name]) => name === key)?.[1];
}

/** A list field of a template value; empty when absent. */
function listAt(value: unknown, key: string): unknown[] {
  const found = at(value, key);
  return Array.isArray(found) ? found : [];
}

/** Whether a CloudFormation value refers to the table's ARN (in its stack or imported). */
function isTableArn(value: unknown): boolean {
  const text = JSON.stringify(value);
  return /Table[0-9A-F]{8}\W*Arn|TableCD117FA1Arn/.test(text) && !text.includes('StreamArn');
}

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in any stack, with the AwsSolutions and Serverless packs', () => {
    expect(new AwsSolutionsChecks().validateScope(built.app).violations).toEqual([]);
    expect(new ServerlessChecks().validateScope(built.app).violations).toEqual([]);
  });

  it('gives a specific reason for every acknowledgement', () => {
    const acknowledged = built.app.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(at(entry, 'data') ?? {})),
      );
    expect(acknowledged.length).toBeGreaterThan(10);
    for (const [rule, reason] of acknowledged) {
      expect(JSON.stringify(reason).length, rule).toBeGreaterThan(60);
    }
  });
});

describe('the HTTP API', () => {
  it('puts the JWT authorizer of the user pool on every route but health, the documentation and the portal’s pages', () => {
    const api = template('api');
    const authorizerId = onlyId(api, 'AWS::ApiGatewayV2::Authorizer');
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
        Audience: [Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('UsersPortal') })],
      },
    });

    const routes = resourcesOf(api, 'AWS::ApiGatewayV2::Route').map(
      ([, route]) => route.Properties,
    );
    const open = [...publicApiRoutes, '$default'];
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(
      [...open, 'ANY /api/v1/{proxy+}'].sort(),
    );
    for (const route of routes) {
      if (open.includes(String(route.RouteKey))) {
        expect(route.AuthorizationType, String(route.RouteKey)).toBe('NONE');
      } else {
        expect(route, String(route.RouteKey)).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: authorizerId },
        });
      }
    }
  });

  it('serves the static pages and the stylesheet from the private bucket, through CloudFront only', () => {
    const web = template('web');
    const config = resourcesOf(web, 'AWS::CloudFront::Distribution')[0]?.[1].Properties
      .DistributionConfig;
    const origins = listAt(config, 'Origins');
    const bucketOrigin = origins.find(
      (origin) => at(origin, 'OriginAccessControlId') !== undefined,
    );
    const toBucket = listAt(config, 'CacheBehaviors')
      .filter((behavior) => at(behavior, 'TargetOriginId') === at(bucketOrigin, 'Id'))
      .map((behavior) => at(behavior, 'PathPattern'));
    expect(toBucket.sort()).toEqual(
      ['/static/*', ...staticPages.filter((page) => page !== '/')].sort(),
    );
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('throttles its stage and writes JSON access logs', () => {
    template('api').hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: Match.anyValue(),
        ThrottlingBurstLimit: Match.anyValue(),
      },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
  });
});

describe('tenant isolation in IAM', () => {
  const accessRoles = () =>
    resourcesOf(template('api'), 'AWS::IAM::Role').filter(([id]) => id.startsWith('Access'));

  it('has one access role per kind of caller, which only the API and portal functions may assume, with its own tags only', () => {
    const roleId = (name: string) =>
      resourcesOf(template('api'), 'AWS::IAM::Role').find(
        ([, role]) => role.Properties.RoleName === name,
      )?.[0];
    const callers = [roleId('appui-test-api'), roleId('appui-test-portal')];
    expect(callers).not.toContain(undefined);
    expect(
      accessRoles()
        .map(([, role]) => role.Properties.RoleName)
        .sort(),
    ).toEqual(
      ['funder', 'platform', 'prescriber', 'tenant'].map((role) => `appui-test-${role}-access`),
    );
    for (const [, role] of accessRoles()) {
      const name = String(role.Properties.RoleName).replace(/^appui-test-|-access$/g, '');
      const grants = accessRoleNames.flatMap((known) =>
        known === name ? partitionGrants[known] : [],
      );
      expect(grants.length, name).toBeGreaterThan(0);
      const tags = [
        ...new Set(grants.flatMap((grant) => (grant.tag === undefined ? [] : [grant.tag]))),
      ];
      expect(role.Properties.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Principal: { AWS: callers.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })) },
            Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': tags } },
          },
        ],
      });
      expect(role.Properties.MaxSessionDuration).toBe(3600);
    }
  });

  it('allows DynamoDB only where LeadingKeys match the caller’s partitions, named by its session tags', () => {
    const statements = policyStatements(template('api')).filter(
      ({ policy, statement }) =>
        policy.startsWith('Access') &&
        actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );
    expect(statements.length).toBe(Object.values(partitionGrants).flat().length);
    for (const { statement } of statements) {
      const patterns = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      expect(Array.isArray(patterns), statement.Sid).toBe(true);
      const tag = sessionTags.find((name) =>
        JSON.stringify(patterns).includes(principalTagVariable(name)),
      );
      if (tag === undefined) {
        expect(patterns).toEqual(['PLATFORM', 'PLATFORM#*']);
      } else {
        expect(statement.Condition?.Null).toEqual({
          'dynamodb:LeadingKeys': 'false',
          [`aws:PrincipalTag/${tag}`]: 'false',
        });
      }
    }
  });

  it('lets a structure’s session reach its own tenant partition and its index partitions, and nothing by Scan', () => {
    const tenant = policyStatements(template('api')).find(
      ({ policy, statement }) =>
        policy.startsWith('Accesstenant') && statement.Sid === 'Partition0Bytenant',
    )?.statement;
    expect(tenant?.Condition?.['ForAllValues:StringLike']).toEqual({
      'dynamodb:LeadingKeys': [
        `TENANT#${principalTagVariable('tenant')}`,
        `TENANT#${principalTagVariable('tenant')}#*`,
      ],
    });
    expect(actionsOf(tenant ?? { Effect: 'Allow', Action: [] })).not.toContain('dynamodb:Scan');
  });

  it('leaves the API function’s own role one GetItem on the health probe’s key, and the access roles to assume', () => {
    const own = policyStatements(template('api')).filter(({ policy }) =>
      policy.startsWith('ApiRole'),
    );
    const dynamo = own.filter(({ statement }) =>
      actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );
    expect(dynamo.map(({ statement }) => statement)).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:GetItem',
        Condition: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['HEALTH'] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      }),
    ]);
    expect(own.map(({ statement }) => statement.Sid)).toContain('AssumeAccessRolesWithTags');
  });
});

describe('the tenants’ note keys', () => {
  const noteStatements = () =>
    policyStatements(template('api')).filter(
      ({ policy, statement }) =>
        policy.startsWith('Access') &&
        statement.Sid !== 'TableKeyThroughDynamoDB' &&
        actionsOf(statement).some((action) => action.startsWith('kms:')),
    );
  const tenant = principalTagVariable('tenant');

  it('holds every allowed KMS action of an access role to the key of the tenant its session names', () => {
    const allowed = noteStatements().filter(({ statement }) => statement.Effect === 'Allow');
    expect(allowed.length).toBeGreaterThan(0);
    for (const { policy, statement } of allowed) {
      const conditions = JSON.stringify(statement.Condition);
      expect(statement.Condition?.Null, `${policy} ${statement.Sid}`).toEqual({
        'aws:PrincipalTag/tenant': 'false',
      });
      const bound =
        conditions.includes(`"alias/appui/test/tenant/${tenant}"`) ||
        conditions.includes(`"aws:ResourceTag/appui:tenant":"${tenant}"`) ||
        conditions.includes(`"aws:RequestTag/appui:tenant":"${tenant}"`) ||
        JSON.stringify(statement.Resource).includes(`alias/appui/test/tenant/${tenant}`);
      expect(bound, `${policy} ${statement.Sid}`).toBe(true);
      expect(actionsOf(statement).every((action) => !action.includes('*'))).toBe(true);
    }
  });

  it('lets structures seal and open, prescribers seal only, the platform create and destroy, funders nothing', () => {
    const actionsOfRole = (role: string) =>
      noteStatements()
        .filter(
          ({ policy, statement }) =>
            policy.startsWith(`Access${role}`) && statement.Effect === 'Allow',
        )
        .flatMap(({ statement }) => actionsOf(statement))
        .sort();
    expect(actionsOfRole('tenant')).toEqual([
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:GenerateDataKey',
    ]);
    expect(actionsOfRole('prescriber')).toEqual(['kms:DescribeKey', 'kms:GenerateDataKey']);
    expect(actionsOfRole('funder')).toEqual([]);
    expect(actionsOfRole('platform')).toEqual(
      expect.arrayContaining([
        'kms:CreateKey',
        'kms:CreateAlias',
        'kms:Decrypt',
        'kms:DeleteAlias',
        'kms:ScheduleKeyDeletion',
      ]),
    );
    expect(actionsOfRole('platform')).not.toContain('kms:GenerateDataKey');
  });

  it('never lets the platform tag, alias, disable or delete the table’s key', () => {
    const deny = noteStatements().find(
      ({ policy, statement }) => policy.startsWith('Accessplatform') && statement.Effect === 'Deny',
    )?.statement;
    expect(deny?.Sid).toBe('NeverTheTableKey');
    expect(JSON.stringify(deny?.Resource)).toMatch(/TableKey/);
    expect(actionsOf(deny ?? { Effect: 'Deny', Action: [] })).toEqual(
      expect.arrayContaining(['kms:TagResource', 'kms:ScheduleKeyDeletion', 'kms:CreateAlias']),
    );
  });

  it('tells the API and the portal to seal with KMS, through the access roles only', () => {
    for (const name of ['appui-test-api', 'appui-test-portal']) {
      template('api').hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: name,
        Environment: { Variables: Match.objectLike({ APPUI_NOTE_KEYS: 'kms' }) },
      });
    }
    const own = policyStatements(template('api')).filter(
      ({ policy, statement }) =>
        (policy.startsWith('ApiRole') || policy.startsWith('PortalRole')) &&
        actionsOf(statement).some((action) => action.startsWith('kms:')),
    );
    for (const { statement } of own) {
      expect(JSON.stringify(statement.Resource)).toMatch(/TableKey/);
    }
  });
});

describe('the table', () => {
  it('has point-in-time recovery, its customer-managed KMS key and deletion protection', () => {
    const data = template('data');
    const key = onlyId(data, 'AWS::KMS::Key');
    data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    });
  });

  it('is granted by name, action by action: no wildcard action anywhere on it', () => {
    const onTable = Object.entries(templates).flatMap(([stack, stackTemplate]) =>
      policyStatements(stackTemplate)
        .filter(({ statement }) => isTableArn(statement.Resource))
        .map((found) => ({ stack, ...found })),
    );
    expect(onTable.length).toBeGreaterThan(0);
    for (const { stack, policy, statement } of onTable) {
      for (const action of actionsOf(statement)) {
        expect(action, `${stack} ${policy}`).not.toMatch(/\*/);
      }
    }
    const everywhere: Statement[] = Object.values(templates).flatMap((stackTemplate) =>
      policyStatements(stackTemplate).map(({ statement }) => statement),
    );
    expect(
      everywhere.flatMap(actionsOf).filter((action) => action === '*' || action === 'dynamodb:*'),
    ).toEqual([]);
  });
});

describe('the stream to the statistics projector', () => {
  it('bisects failing batches, bounds retries, reports partial failures and sends what still fails to a queue', () => {
    const stream = template('stream');
    const queue = onlyId(stream, 'AWS::SQS::Queue');
    stream.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 86_400,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
  });

  it('alarms on a message in any dead-letter queue, to the alarm topic', () => {
    const monitoring = template('monitoring');
    const topic = onlyId(monitoring, 'AWS::SNS::Topic');
    for (const queue of [
      'appui-test-stats-projector-dlq',
      'appui-test-deadlines-dlq',
      'appui-test-retention-dlq',
    ]) {
      monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: [
          { Name: 'QueueName', Value: Match.objectLike({ 'Fn::ImportValue': Match.anyValue() }) },
        ],
        AlarmActions: [{ Ref: topic }],
        AlarmName: `${queue}-depth`,
      });
    }
    monitoring.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'exploitation@appui.example',
    });
  });
});

/** The logical id of the stack's queue named `name`. */
function queueNamed(stack: Template, name: string): string {
  const [id, ...others] = Object.keys(
    stack.findResources('AWS::SQS::Queue', { Properties: { QueueName: name } }),
  );
  if (id === undefined || others.length > 0) throw new Error(`no single queue ${name}`);
  return id;
}

describe('the scheduled jobs', () => {
  it.each([
    ['the hourly sweep', 'cron(0 * * * ? *)', 'appui-test-deadlines-dlq', 3600],
    ['the daily retention job', 'cron(0 2 * * ? *)', 'appui-test-retention-dlq', 21_600],
  ])(
    'run %s with the scheduled time as input, bounded retries and a dead-letter queue',
    (_job, cron, dlq, maxAge) => {
      const schedules = template('schedules');
      const queue = queueNamed(schedules, dlq);
      schedules.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: cron,
        Target: Match.objectLike({
          Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: maxAge },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
        }),
      });
      schedules.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
      });
    },
  );
});

describe('the functions', () => {
  const functions = () =>
    Object.values(templates).flatMap((stackTemplate) =>
      resourcesOf(stackTemplate, 'AWS::Lambda::Function')
        .map(([, fn]) => fn.Properties)
        .filter((fn) => String(fn.FunctionName ?? '').startsWith('appui-test-')),
    );

  it('are every entry of the bundling table, on Node.js 24, arm64, traced', () => {
    expect(
      functions()
        .map((fn) => fn.FunctionName)
        .sort(),
    ).toEqual(
      Object.keys(functionEntries)
        .map((name) => `appui-test-${name}`)
        .sort(),
    );
    for (const fn of functions()) {
      expect(fn, String(fn.FunctionName)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: String(fn.FunctionName).replace('appui-test-', ''),
            POWERTOOLS_LOG_LEVEL: 'INFO',
          }),
        },
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
      });
    }
  });

  it('keep every log group for a set time', () => {
    const groups = Object.values(templates).flatMap((stackTemplate) =>
      resourcesOf(stackTemplate, 'AWS::Logs::LogGroup').map(([, group]) => group.Properties),
    );
    expect(groups.length).toBeGreaterThanOrEqual(Object.keys(functionEntries).length + 1);
    for (const group of groups)
      expect(group.RetentionInDays, String(group.LogGroupName)).toBeGreaterThan(0);
  });
});

describe('sign-in', () => {
  it('signs in by e-mail, with MFA optional at pool level and e-mail codes or TOTP as second factors', () => {
    template('auth').hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: Match.arrayEquals(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      LambdaConfig: {
        PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: Match.anyValue() },
      },
    });
  });

  it('lets the portal read the custom attributes and write none of them', () => {
    const auth = template('auth');
    const client = resourcesOf(auth, 'AWS::Cognito::UserPoolClient')[0]?.[1].Properties;
    expect(client?.ReadAttributes).toEqual(expect.arrayContaining(Object.values(customAttributes)));
    expect(JSON.stringify(client?.WriteAttributes)).not.toContain('custom:');
    expect(client).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ['https://appui.example/auth/callback'],
      GenerateSecret: false,
    });
  });
});
