import { AssetHashType, DockerImage, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildBundleSync } from '../build-bundle.ts';
import { type FunctionName, functionEntries, projectRoot } from '../bundling.ts';

/** How long every function's logs are kept: enough to investigate a month's incident, no more. */
export const functionLogRetention = logs.RetentionDays.ONE_MONTH;

/** How a function is invoked decides where its failures go (and so whether it needs a DLQ). */
export type Invocation =
  /** API Gateway or Cognito wait for the answer: the caller gets the error. */
  | 'synchronous'
  /** EventBridge Scheduler: failed runs go to the function's on-failure destination. */
  | 'asynchronous'
  /** An event source mapping: failed records go to its on-failure destination. */
  | 'stream';

const failuresGo: Record<Invocation, string> = {
  synchronous:
    'invoked synchronously (API Gateway or Cognito): the caller receives the error, there is no event to keep',
  asynchronous:
    'its failed asynchronous runs go to its on-failure destination, a dead-letter queue with an alarm, which supersedes a DLQ',
  stream:
    'invoked by a stream event source mapping, whose on-failure destination (an SQS dead-letter queue with an alarm) keeps failed records',
};

export interface AppuiFunctionProps {
  readonly name: FunctionName;
  readonly invocation: Invocation;
  readonly stage: string;
  readonly description: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly memorySize?: number;
  readonly timeout?: Duration;
}

/**
 * A function's code: its bundle (build-bundle.ts), built on this machine by esbuild at synth.
 * The CDK's `NodejsFunction` writes one file (`--outfile`), where esbuild's splitting needs a
 * folder: the code a function loads on first use goes in chunks beside its entry.
 */
function functionCode(name: FunctionName): lambda.Code {
  return lambda.Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // The CDK caches a bundling by its source and options, where `tryBundle` counts as nothing:
      // without the function's name among them, every function would get the first one's bundle.
      environment: { APPUI_FUNCTION: name },
      // Required by the CDK; never pulled, since the local build below always answers.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      local: {
        tryBundle(outputDir) {
          buildBundleSync(outputDir, { entry: functionEntries[name] });
          return true;
        },
      },
    },
  });
}

/**
 * One of Appui's Lambda functions, built the same way as every other: Node.js 24 on arm64, an
 * ESM bundle (infra/bundling.ts) with the AWS SDK inside, its own log group with a retention,
 * X-Ray tracing, and Powertools' service name and log level. It is granted nothing: each
 * stack grants what its function needs.
 */
export class AppuiFunction extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AppuiFunctionProps) {
    super(scope, id);
    const functionName = `appui-${props.stage}-${props.name}`;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: functionLogRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role, writing to its own log group only (not the managed basic execution policy).
    const role = new iam.Role(this, 'Role', {
      roleName: functionName,
      description: `Runs ${functionName}`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.logGroup.grantWrite(role);
    this.fn = new lambda.Function(this, 'Function', {
      functionName,
      role,
      description: props.description,
      code: functionCode(props.name),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        APPUI_STAGE: props.stage,
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray’s PutTraceSegments and PutTelemetryRecords (added by active tracing) have no resource-level permissions; every other statement names its resources.',
      },
      { id: 'Serverless-LambdaDLQ', reason: `${functionName} is ${failuresGo[props.invocation]}.` },
    );
  }
}
