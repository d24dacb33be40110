import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { signInPath } from '../config.ts';
import { AccessRoles } from '../constructs/access-roles.ts';
import { AppuiFunction } from '../constructs/appui-function.ts';

export interface ApiStackProps extends StackProps {
  readonly stage: string;
  readonly table: dynamodb.ITableV2;
  readonly tableKey: kms.IKey;
  readonly userPool: cognito.IUserPool;
  readonly client: cognito.IUserPoolClient;
  readonly issuer: string;
  /** The managed login's base URL (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  readonly loginUrl: string;
  readonly publicUrl: string | undefined;
  /** The SES identity and `MAIL_FROM`: an invitation of an address held elsewhere tells its holder by mail. */
  readonly senderIdentity: ses.IEmailIdentity;
  readonly mailFrom: string;
}

/** The routes anyone may call: the health check and the API's documentation. */
export const publicApiRoutes = ['GET /health', 'GET /api/v1/openapi.json', 'GET /api/v1/reference'];

/**
 * The HTTP API on its `$default` stage: the JSON API under `/api/v1` behind a JWT authorizer on
 * the user pool (and verified again in the function), the portal's pages on every other path,
 * throttled, with JSON access logs. The API and portal functions reach callers' items only through
 * the access roles (constructs/access-roles.ts), assumed per request with the caller's scope as tags.
 */
export class ApiStack extends Stack {
  readonly api: AppuiFunction;
  readonly portal: AppuiFunction;
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessRoles: AccessRoles;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const auth = {
      // Notes are sealed with each tenant's KMS key, through the caller's access role.
      APPUI_NOTE_KEYS: 'kms',
      OIDC_ISSUER: props.issuer,
      OIDC_JWKS_URL: `${props.issuer}/.well-known/jwks.json`,
      OIDC_AUDIENCE: props.client.userPoolClientId,
      MAIL_FROM: props.mailFrom,
      ...(props.publicUrl === undefined ? {} : { APPUI_PUBLIC_URL: props.publicUrl }),
    };

    this.api = new AppuiFunction(this, 'Api', {
      name: 'api',
      invocation: 'synchronous',
      stage: props.stage,
      description: 'The JSON API under /api/v1 (Hono)',
      environment: {
        ...auth,
        TABLE_NAME: props.table.tableName,
        USER_POOL_ID: props.userPool.userPoolId,
      },
    });
    // The portal renders the same use cases for signed-in callers: the same data path as the API.
    this.portal = new AppuiFunction(this, 'Portal', {
      name: 'portal',
      invocation: 'synchronous',
      stage: props.stage,
      description: 'The portal’s pages (Hono JSX); the static ones are on S3',
      environment: {
        ...auth,
        TABLE_NAME: props.table.tableName,
        USER_POOL_ID: props.userPool.userPoolId,
        COGNITO_LOGIN_URL: props.loginUrl,
        COGNITO_CLIENT_ID: props.client.userPoolClientId,
        APPUI_SIGN_IN_PATH: signInPath,
      },
    });

    const callers = [this.api.fn, this.portal.fn];
    this.accessRoles = new AccessRoles(this, 'Access', {
      stage: props.stage,
      table: props.table,
      tableKey: props.tableKey,
      assumedBy: callers.map((fn) => fn.role ?? missingRole()),
    });
    const { roles } = this.accessRoles;
    for (const fn of callers) {
      fn.addEnvironment('TENANT_ACCESS_ROLE_ARN', roles.tenant.roleArn);
      fn.addEnvironment('PRESCRIBER_ACCESS_ROLE_ARN', roles.prescriber.roleArn);
      fn.addEnvironment('FUNDER_ACCESS_ROLE_ARN', roles.funder.roleArn);
      fn.addEnvironment('PLATFORM_ACCESS_ROLE_ARN', roles.platform.roleArn);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'AssumeAccessRolesWithTags',
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          resources: Object.values(roles).map((role) => role.roleArn),
        }),
      );
      // A structure inviting an address held elsewhere: its holder is told, nothing is created.
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'SendFromAppuiSender',
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [props.senderIdentity.emailIdentityArn],
        }),
      );
      // Platform and structure admins invite users: Cognito accounts, e-mail codes for admins.
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ProvisionUsers',
          actions: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminSetUserMFAPreference'],
          resources: [props.userPool.userPoolArn],
        }),
      );
    }
    // Its own role reaches one constant key, for /health (functions/api/routes/health.ts).
    this.api.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'HealthProbeOnly',
        actions: ['dynamodb:GetItem'],
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['HEALTH'] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      }),
    );
    this.api.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'HealthProbeKey',
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: [props.tableKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${this.region}.amazonaws.com` } },
      }),
    );

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: `/appui/${props.stage}/http-api-access`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.httpApi = new apigw.HttpApi(this, 'Http', {
      apiName: `appui-${props.stage}`,
      description: `Appui ${props.stage}: API and portal`,
      createDefaultStage: false,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // HTTP API variables only; who called is the request id's business, not the log's.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const authorizer = new HttpJwtAuthorizer('Cognito', props.issuer, {
      authorizerName: 'cognito',
      jwtAudience: [props.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    const apiIntegration = new HttpLambdaIntegration('ApiIntegration', this.api.fn);
    const none = new apigw.HttpNoneAuthorizer();
    for (const route of publicApiRoutes) {
      const [method, path] = route.split(' ');
      if (method !== 'GET' || path === undefined) throw new Error(`not a GET route: ${route}`);
      const [added] = this.httpApi.addRoutes({
        path,
        methods: [apigw.HttpMethod.GET],
        integration: apiIntegration,
        authorizer: none,
      });
      if (added === undefined) throw new Error(`no route for ${route}`);
      Validations.of(added).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${route} is public on purpose: ${path === '/health' ? 'a load balancer or an operator checks it without a token, and it answers no data' : 'the API’s documentation, generated from the schemas, holds no data'}.`,
      });
    }
    this.httpApi.addRoutes({
      path: '/api/v1/{proxy+}',
      methods: [apigw.HttpMethod.ANY],
      integration: apiIntegration,
      authorizer,
    });
    // The portal's pages: browsers carry the session in an HttpOnly cookie, which a JWT
    // authorizer cannot read; the portal verifies it with the same verifier as the API.
    const portalPages = new apigw.HttpRoute(this, 'PortalPages', {
      httpApi: this.httpApi,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('PortalIntegration', this.portal.fn),
      authorizer: none,
    });
    Validations.of(portalPages).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The portal’s pages carry the session in an HttpOnly cookie that a JWT authorizer cannot read; the portal function verifies it with the API’s verifier (issuer, audience, signature) and shows public pages otherwise.',
    });

    new CfnOutput(this, 'ApiEndpoint', {
      value: this.httpApi.apiEndpoint,
      description: 'The HTTP API (CloudFront is the public address)',
    });
    for (const [role, accessRole] of Object.entries(roles)) {
      new CfnOutput(this, `${role}AccessRole`, {
        value: accessRole.roleArn,
        description: `The ${role} access role`,
      });
    }
  }

  /** The API's host name, for CloudFront's origin. */
  get apiDomain(): string {
    return `${this.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`;
  }
}

function missingRole(): never {
  throw new Error('a Lambda function made here always has a role');
}
