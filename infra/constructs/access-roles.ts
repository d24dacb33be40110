import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  type AccessRole,
  leadingKeyPatterns,
  type PartitionGrant,
  partitionGrants,
} from '../../shared/data/scope.ts';
import { tableDefinition } from '../../shared/data/table.ts';

export interface AccessRolesProps {
  readonly stage: string;
  readonly table: dynamodb.ITableV2;
  readonly tableKey: kms.IKey;
  /** The roles of the functions that assume them per request: the API's and the portal's. */
  readonly assumedBy: readonly iam.IRole[];
}

/** The listing indexes a caller's Query may read; the due-date index is the sweep's alone. */
const callerIndexes = [
  tableDefinition.indexes.byRelation.name,
  tableDefinition.indexes.byOwner.name,
];

/**
 * The data access roles of the AWS SaaS pattern, one per kind of caller (scope.ts
 * `partitionGrants`): each allows DynamoDB only on the partition keys its session tags name
 * (`dynamodb:LeadingKeys` against `${aws:PrincipalTag/…}`), and only the API's and the portal's
 * roles may assume it, with those tags and no others.
 */
export class AccessRoles extends Construct {
  readonly roles: Record<AccessRole, iam.Role>;

  constructor(scope: Construct, id: string, props: AccessRolesProps) {
    super(scope, id);
    this.roles = {
      tenant: this.roleFor('tenant', props),
      prescriber: this.roleFor('prescriber', props),
      funder: this.roleFor('funder', props),
      platform: this.roleFor('platform', props),
    };
  }

  private roleFor(role: AccessRole, props: AccessRolesProps): iam.Role {
    const grants = partitionGrants[role];
    const tags = [
      ...new Set(grants.flatMap((grant) => (grant.tag === undefined ? [] : [grant.tag]))),
    ];
    const accessRole = new iam.Role(this, role, {
      roleName: `appui-${props.stage}-${role}-access`,
      description: `Appui ${props.stage}: DynamoDB access of ${role} callers, bounded by session tags`,
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.CompositePrincipal(
        ...props.assumedBy.map((caller) => new iam.ArnPrincipal(caller.roleArn)),
      )
        .withConditions({ 'ForAllValues:StringEquals': { 'aws:TagKeys': tags } })
        .withSessionTags(),
    });
    const policy = new iam.Policy(this, `${role}Items`, {
      policyName: `appui-${props.stage}-${role}-items`,
      statements: [
        ...grants.map((grant, index) => itemStatement(grant, index, props.table)),
        new iam.PolicyStatement({
          sid: 'TableKeyThroughDynamoDB',
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: [props.tableKey.keyArn],
          conditions: {
            StringEquals: {
              'kms:ViaService': `dynamodb.${props.table.stack.region}.amazonaws.com`,
            },
          },
        }),
      ],
    });
    accessRole.attachInlinePolicy(policy);
    return accessRole;
  }
}

/** One grant as a statement: its actions, where LeadingKeys match its patterns and its tag is set. */
function itemStatement(
  grant: PartitionGrant,
  index: number,
  table: dynamodb.ITableV2,
): iam.PolicyStatement {
  const queries = grant.actions.includes('Query');
  return new iam.PolicyStatement({
    sid: `Partition${index}${grant.tag === undefined ? 'Fixed' : `By${grant.tag}`}`,
    actions: grant.actions.map((action) => `dynamodb:${action}`),
    resources: [
      table.tableArn,
      ...(queries ? callerIndexes.map((name) => `${table.tableArn}/index/${name}`) : []),
    ],
    conditions: {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeyPatterns(grant) },
      // ForAllValues holds on an empty set: a request must name its partitions.
      Null: {
        'dynamodb:LeadingKeys': 'false',
        ...(grant.tag === undefined ? {} : { [`aws:PrincipalTag/${grant.tag}`]: 'false' }),
      },
    },
  });
}
