import { Arn, ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  stageTagKey,
  tenantContextKey,
  tenantKeyAlias,
  tenantTagKey,
} from '../../shared/crypto/kms-names.ts';
import {
  type AccessRole,
  leadingKeyPatterns,
  type PartitionGrant,
  partitionGrants,
  principalTagVariable,
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
        ...noteKeyStatements(role, props, Stack.of(this)),
      ],
    });
    accessRole.attachInlinePolicy(policy);
    acknowledgeNoteKeys(role, policy);
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

/**
 * What each role may do with the tenants' note keys (shared/crypto/kms-keys.ts), always on the key
 * of the tenant its session names: a structure's session seals and opens its notes, a
 * prescriber's seals the reason of a referral it files and never opens one, the platform's creates
 * a new structure's key, opens the notes of a structure leaving (its archive) and destroys its key.
 */
export const noteKeyActions: Record<AccessRole, { seal: boolean; open: boolean; admin: boolean }> =
  {
    tenant: { seal: true, open: true, admin: false },
    prescriber: { seal: true, open: false, admin: false },
    funder: { seal: false, open: false, admin: false },
    platform: { seal: false, open: true, admin: true },
  };

function noteKeyStatements(
  role: AccessRole,
  props: AccessRolesProps,
  stack: Stack,
): iam.PolicyStatement[] {
  const rights = noteKeyActions[role];
  if (!rights.seal && !rights.open && !rights.admin) return [];
  const tenant = principalTagVariable('tenant');
  const keys = Arn.format(
    {
      service: 'kms',
      resource: 'key',
      resourceName: '*',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    },
    stack,
  );
  const alias = Arn.format(
    {
      service: 'kms',
      resource: 'alias',
      resourceName: tenantKeyAlias(props.stage, tenant).replace(/^alias\//, ''),
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    },
    stack,
  );
  const taggedSession = { 'aws:PrincipalTag/tenant': 'false' };
  const ownAlias = {
    'ForAnyValue:StringEquals': { 'kms:ResourceAliases': tenantKeyAlias(props.stage, tenant) },
    Null: taggedSession,
  };
  const ownTags = {
    StringEquals: {
      [`aws:ResourceTag/${tenantTagKey}`]: tenant,
      [`aws:ResourceTag/${stageTagKey}`]: props.stage,
    },
    Null: taggedSession,
  };
  const newKeyTags = {
    StringEquals: {
      [`aws:RequestTag/${tenantTagKey}`]: tenant,
      [`aws:RequestTag/${stageTagKey}`]: props.stage,
    },
    'ForAllValues:StringEquals': { 'aws:TagKeys': [tenantTagKey, stageTagKey] },
    Null: taggedSession,
  };
  const statements: iam.PolicyStatement[] = [];
  const crypto = [
    ...(rights.seal ? ['kms:GenerateDataKey'] : []),
    ...(rights.open ? ['kms:Decrypt'] : []),
  ];
  if (crypto.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'NotesOfItsTenant',
        actions: crypto,
        resources: [keys],
        conditions: {
          ...ownAlias,
          StringEquals: { [`kms:EncryptionContext:${tenantContextKey}`]: tenant },
        },
      }),
    );
    if (!rights.admin) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'NoteKeyOfItsTenant',
          actions: ['kms:DescribeKey'],
          resources: [keys],
          conditions: ownAlias,
        }),
      );
    }
  }
  if (rights.admin) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'CreateNoteKeyOfItsTenant',
        actions: ['kms:CreateKey'],
        resources: ['*'],
        conditions: {
          ...newKeyTags,
          StringEquals: {
            ...newKeyTags.StringEquals,
            'kms:KeySpec': 'SYMMETRIC_DEFAULT',
            'kms:KeyUsage': 'ENCRYPT_DECRYPT',
            'kms:KeyOrigin': 'AWS_KMS',
          },
        },
      }),
      new iam.PolicyStatement({
        sid: 'TagNewNoteKey',
        actions: ['kms:TagResource'],
        resources: ['*'],
        conditions: newKeyTags,
      }),
      new iam.PolicyStatement({
        sid: 'AliasOfItsTenant',
        actions: ['kms:CreateAlias', 'kms:DeleteAlias'],
        resources: [alias],
        conditions: { Null: taggedSession },
      }),
      new iam.PolicyStatement({
        sid: 'AdministerNoteKeyOfItsTenant',
        actions: [
          'kms:CreateAlias',
          'kms:DeleteAlias',
          'kms:DescribeKey',
          'kms:EnableKeyRotation',
          'kms:ScheduleKeyDeletion',
        ],
        resources: [keys],
        conditions: ownTags,
      }),
      // Tagging is allowed on `*` (CreateKey tags a key that has no ARN yet): never on the table's key.
      new iam.PolicyStatement({
        sid: 'NeverTheTableKey',
        effect: iam.Effect.DENY,
        actions: [
          'kms:TagResource',
          'kms:UntagResource',
          'kms:CreateAlias',
          'kms:DeleteAlias',
          'kms:ScheduleKeyDeletion',
          'kms:DisableKey',
        ],
        resources: [props.tableKey.keyArn],
      }),
    );
  }
  return statements;
}

/** Why the note-key statements name `key/*` (and, for a new key, `*`): KMS's own rules. */
function acknowledgeNoteKeys(role: AccessRole, policy: iam.Policy): void {
  const rights = noteKeyActions[role];
  if (!rights.seal && !rights.open && !rights.admin) return;
  const stack = Stack.of(policy);
  const shown = (value: string, pseudo: string) =>
    Token.isUnresolved(value) ? `<${pseudo}>` : value;
  const keys = `arn:${shown(stack.partition, 'AWS::Partition')}:kms:${shown(stack.region, 'AWS::Region')}:${shown(stack.account, 'AWS::AccountId')}:key/*`;
  Validations.of(policy).acknowledge(
    {
      id: `AwsSolutions-IAM5[Resource::${keys}]`,
      reason:
        'A tenant key is created at run time (one per structure): each statement on key/* holds only for the key whose alias (kms:ResourceAliases) or tag names the tenant of the session (aws:PrincipalTag/tenant), and its notes’ encryption context must name it too.',
    },
    ...(rights.admin
      ? [
          {
            id: 'AwsSolutions-IAM5[Resource::*]',
            reason:
              'kms:CreateKey (and the kms:TagResource it needs for its tags) has no resource ARN before the key exists: allowed only for a symmetric key tagged with the session’s tenant and the stage, and never on the table’s key (explicit deny).',
          },
        ]
      : []),
  );
}
