import { spawnSync } from 'node:child_process';
import {
  CfnOutput,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { staticPages } from '../../web/static-site.tsx';
import { projectRoot } from '../bundling.ts';
import { signInPath } from '../config.ts';

export interface WebStackProps extends StackProps {
  readonly stage: string;
  /** The HTTP API's host name: every path that is not a static file goes there. */
  readonly apiDomain: string;
  readonly domain: string;
  readonly certificateArn: string;
}

/** Pages served from S3 by name (`/aide` is `aide.html`); `/` stays the portal's, which knows who is signed in. */
const bucketPages = staticPages.filter((path) => path !== '/');

/** CloudFront Functions code: `/aide` → `/aide.html`, as the static build names its files. */
const htmlExtension = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last !== '' && last.indexOf('.') === -1) request.uri = request.uri + '.html';
  return request;
}`;

/**
 * The public front: CloudFront serves the pre-rendered pages and the stylesheet from a private
 * bucket (origin access control: only this distribution may read it) and sends everything else
 * to the HTTP API, uncached, with the viewer's headers, cookies and query.
 */
export class WebStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly site: s3.Bucket;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);

    const logs = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are delivered with an ACL.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the site bucket and of CloudFront: logging it into itself would loop.',
    });

    this.site = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.site);
    const fromBucket = {
      origin: siteOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
    };
    const pageNames = new cloudfront.Function(this, 'PageNames', {
      code: cloudfront.FunctionCode.fromInline(htmlExtension),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Static page paths to their .html files',
    });
    const page = {
      ...fromBucket,
      functionAssociations: [
        { function: pageNames, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
      ],
    };
    const certificate =
      props.certificateArn === ''
        ? undefined
        : acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn);

    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: `Appui ${props.stage}`,
      defaultBehavior: {
        origin: new origins.HttpOrigin(props.apiDomain, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      additionalBehaviors: {
        '/static/*': fromBucket,
        ...Object.fromEntries(bucketPages.map((path) => [path, page])),
      },
      ...(certificate === undefined
        ? {}
        : {
            certificate,
            domainNames: [props.domain],
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Users are staff of French structures, prescribers and funders who may work from anywhere; access to data is by sign-in, not by country.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The origin is throttled at the API stage and every data route needs a token; a WAF web ACL (us-east-1, billed per request) is left to the operator (README).',
      },
      ...(certificate === undefined
        ? [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Until a custom domain and its certificate are configured, CloudFront’s own certificate is used, whose TLS floor CloudFront sets; with them the floor is TLS 1.2 (2021).',
            },
          ]
        : []),
    );

    const deployment = new s3deploy.BucketDeployment(this, 'StaticPages', {
      destinationBucket: this.site,
      sources: [
        s3deploy.Source.asset(`${projectRoot}web`, {
          bundling: {
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
            local: {
              tryBundle(outputDir) {
                const build = spawnSync(
                  process.execPath,
                  ['--import', 'tsx', 'web/build-static.ts', '--out', outputDir],
                  {
                    cwd: projectRoot,
                    stdio: 'inherit',
                    env: { ...process.env, APPUI_SIGN_IN_URL: signInPath },
                  },
                );
                if (build.status !== 0) throw new Error('web/build-static.ts failed');
                return true;
              },
            },
          },
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ['/static/*', ...bucketPages],
      memoryLimit: 512,
    });
    const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
    const siteBucket = this.site.node.defaultChild;
    if (!(siteBucket instanceof s3.CfnBucket)) throw new Error('the site bucket has no CfnBucket');
    const handler = this.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    for (const construct of [deployment, ...(handler === undefined ? [] : [handler])]) {
      Validations.of(construct).acknowledge(
        {
          id: 'AwsSolutions-IAM5[Action::s3:GetObject*]',
          reason:
            'CDK’s BucketDeployment copies the asset’s objects: its grants are CDK’s, scoped to the asset and site buckets.',
        },
        {
          id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]',
          reason: 'CDK’s BucketDeployment reads the asset bucket: scoped to it.',
        },
        {
          id: 'AwsSolutions-IAM5[Action::s3:List*]',
          reason: 'CDK’s BucketDeployment lists the asset and site buckets: scoped to them.',
        },
        {
          id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
          reason:
            'CDK’s BucketDeployment prunes the site bucket of files no longer built: scoped to it.',
        },
        {
          id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
          reason: 'CDK’s BucketDeployment uploads to the site bucket: scoped to it.',
        },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'CDK’s BucketDeployment invalidates the distribution’s cache: CloudFront’s CreateInvalidation has no resource-level scope in CDK’s grant.',
        },
        {
          id: 'AwsSolutions-L1',
          reason:
            'CDK’s BucketDeployment handler is CDK’s Python runtime, updated with aws-cdk-lib.',
        },
        {
          id: 'Serverless-LambdaLatestVersion',
          reason:
            'CDK’s BucketDeployment handler is CDK’s Python runtime, updated with aws-cdk-lib.',
        },
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            'CDK’s BucketDeployment handler runs with the AWS-managed basic execution role; it only runs at deployment.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-${account}-${this.region}/*]`,
          reason: 'CDK’s BucketDeployment reads the built pages from the bootstrap asset bucket.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(siteBucket)}.Arn>/*]`,
          reason:
            'CDK’s BucketDeployment writes the built pages into the site bucket, and nothing else.',
        },
        {
          id: 'Serverless-LambdaTracing',
          reason:
            'CDK’s BucketDeployment handler runs once per deployment; its logs say what it did.',
        },
        {
          id: 'Serverless-LambdaDLQ',
          reason:
            'CDK’s BucketDeployment handler is invoked by CloudFormation, which reports its failure.',
        },
        {
          id: 'Serverless-LambdaAsyncFailureDestination',
          reason:
            'CDK’s BucketDeployment handler is invoked by CloudFormation, which reports its failure.',
        },
        {
          id: 'Serverless-LambdaDefaultTimeout',
          reason:
            'CDK’s BucketDeployment handler sets its own timeout, long enough to copy the pages and invalidate the cache.',
        },
      );
    }

    new CfnOutput(this, 'PublicUrl', {
      value: `https://${this.distribution.distributionDomainName}`,
      description: 'CloudFront’s address (the domain setting, once configured)',
    });
    new CfnOutput(this, 'SiteBucket', {
      value: this.site.bucketName,
      description: 'The static pages’ bucket',
    });
  }
}
