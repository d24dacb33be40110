/**
 * The access roles' policies as synthesized, evaluated by an IAM policy simulator
 * (@cloud-copilot/iam-simulate): what a session tagged with one owner may and may not touch.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexPartitions } from '../../shared/data/keys.ts';
import {
  accessSessionOf,
  principalTagVariable,
  scopeFor,
  widenScope,
} from '../../shared/data/scope.ts';
import { tableDefinition } from '../../shared/data/table.ts';
import { addressesOfEveryAcceptedCharacter } from '../support/addresses.ts';
import { aTestApp, resourcesOf, templatesOf } from './appui-app.ts';

const account = '123456789012';
const tableArn = `arn:aws:dynamodb:eu-west-3:${account}:table/appui-test`;
const keyArn = `arn:aws:kms:eu-west-3:${account}:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9`;
const index = (name: string) => `${tableArn}/index/${name}`;
const { byRelation, byOwner, byDueDate } = tableDefinition.indexes;

const tenantA = '0192f0a0-0000-7000-8000-00000000000a';
const tenantB = '0192f0a0-0000-7000-8000-00000000000b';
const orgA = '0192f0a0-0000-7000-8000-0000000000c0';
const orgB = '0192f0a0-0000-7000-8000-0000000000c1';
const funderA = '0192f0a0-0000-7000-8000-0000000000f0';

type Role = 'tenant' | 'prescriber' | 'funder' | 'platform';
let policies: Record<Role, unknown>;
let trustPolicies: Record<Role, unknown>;
let apiRoleArn: string;

/**
 * The template's intrinsic functions replaced by what they become in an account: the imported
 * table and key ARNs, joins, the API role's ARN.
 */
function resolve(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolve);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first !== undefined) {
    const [name, argument] = first;
    if (name === 'Fn::ImportValue') {
      const exported = String(argument);
      if (/TableKey.*Arn/.test(exported)) return keyArn;
      if (/Table.*Arn/.test(exported)) return tableArn;
      throw new Error(`unexpected import ${exported}`);
    }
    if (name === 'Fn::Join' && Array.isArray(argument)) {
      const [separator, parts] = argument;
      if (!Array.isArray(parts)) throw new Error('a join without parts');
      return parts.map(resolve).join(String(separator));
    }
    if (name === 'Ref' && typeof argument === 'string' && argument.startsWith('AWS::')) {
      const pseudo: Record<string, string> = {
        'AWS::AccountId': account,
        'AWS::Region': 'eu-west-3',
        'AWS::Partition': 'aws',
      };
      const value = pseudo[argument];
      if (value === undefined) throw new Error(`unexpected pseudo parameter ${argument}`);
      return value;
    }
    if (name === 'Fn::GetAtt' && Array.isArray(argument)) {
      const [logicalId] = argument;
      return `arn:aws:iam::${account}:role/${String(logicalId).startsWith('Portal') ? 'appui-test-portal' : 'appui-test-api'}`;
    }
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, resolve(inner)]));
}

/** One synthesis of the whole app, with nag checks: seconds, more on a busy machine. */
const synthesisTimeoutMs = 120_000;

beforeAll(() => {
  const { app, stacks } = aTestApp();
  app.synth();
  const api = templatesOf(stacks)['appui-test-api'];
  if (api === undefined) throw new Error('no API stack');
  apiRoleArn = `arn:aws:iam::${account}:role/appui-test-api`;
  const roles = resourcesOf(api, 'AWS::IAM::Role');
  const inline = resourcesOf(api, 'AWS::IAM::Policy');
  const policyOf = (role: Role) => {
    const found = inline.find(
      ([, policy]) => policy.Properties.PolicyName === `appui-test-${role}-items`,
    );
    if (found === undefined) throw new Error(`no policy for ${role}`);
    return resolve(found[1].Properties.PolicyDocument);
  };
  const trustOf = (role: Role) => {
    const found = roles.find(([, r]) => r.Properties.RoleName === `appui-test-${role}-access`);
    if (found === undefined) throw new Error(`no ${role} role`);
    return resolve(found[1].Properties.AssumeRolePolicyDocument);
  };
  policies = {
    tenant: policyOf('tenant'),
    prescriber: policyOf('prescriber'),
    funder: policyOf('funder'),
    platform: policyOf('platform'),
  };
  trustPolicies = {
    tenant: trustOf('tenant'),
    prescriber: trustOf('prescriber'),
    funder: trustOf('funder'),
    platform: trustOf('platform'),
  };
}, synthesisTimeoutMs);

interface Request {
  action: string;
  /** The table, or one of its indexes. */
  resource?: string;
  leadingKeys: string[];
  tags: Partial<Record<'tenant' | 'org' | 'funder' | 'region' | 'email', string>>;
}

/** What IAM decides for a session of `role` with these tags making this request. */
async function decide(role: Role, request: Request): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:sts::${account}:assumed-role/appui-test-${role}-access/appui-${role}`,
        action: request.action,
        resource: { resource: request.resource ?? tableArn, accountId: account },
        contextVariables: {
          'dynamodb:LeadingKeys': request.leadingKeys,
          ...Object.fromEntries(
            Object.entries(request.tags).map(([tag, value]) => [`aws:PrincipalTag/${tag}`, value]),
          ),
        },
      },
      identityPolicies: [{ name: `appui-test-${role}-items`, policy: policies[role] }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

describe('a structure’s session (tenant access role, tagged tenant=A)', () => {
  const tags = { tenant: tenantA };

  it('is allowed its own partition and its sub-partitions', async () => {
    expect(
      await decide('tenant', {
        action: 'dynamodb:GetItem',
        leadingKeys: [`TENANT#${tenantA}`],
        tags,
      }),
    ).toBe('Allowed');
    expect(
      await decide('tenant', {
        action: 'dynamodb:PutItem',
        leadingKeys: [`TENANT#${tenantA}`],
        tags,
      }),
    ).toBe('Allowed');
    expect(
      await decide('tenant', {
        action: 'dynamodb:Query',
        resource: index(byRelation.name),
        leadingKeys: [`TENANT#${tenantA}#INBOX`],
        tags,
      }),
    ).toBe('Allowed');
  });

  it('is refused tenant B’s keys, and a tenant whose id merely starts like A’s', async () => {
    for (const key of [`TENANT#${tenantB}`, `TENANT#${tenantB}#INBOX`, `TENANT#${tenantA}0`]) {
      expect(
        await decide('tenant', { action: 'dynamodb:GetItem', leadingKeys: [key], tags }),
        key,
      ).toBe('ImplicitlyDenied');
    }
  });

  it('is refused a batch that mixes its keys with another tenant’s', async () => {
    expect(
      await decide('tenant', {
        action: 'dynamodb:BatchGetItem',
        leadingKeys: [`TENANT#${tenantA}`, `TENANT#${tenantB}`],
        tags,
      }),
    ).toBe('ImplicitlyDenied');
  });

  it('is refused everything without its tag, and the due-date index and Scan with it', async () => {
    expect(
      await decide('tenant', {
        action: 'dynamodb:GetItem',
        leadingKeys: [`TENANT#${tenantA}`],
        tags: {},
      }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide('tenant', {
        action: 'dynamodb:Query',
        resource: index(byDueDate.name),
        leadingKeys: [`TENANT#${tenantA}`],
        tags,
      }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide('tenant', { action: 'dynamodb:Scan', leadingKeys: [`TENANT#${tenantA}`], tags }),
    ).toBe('ImplicitlyDenied');
  });

  it('may update the follow-up in the organisation its session names, and read nothing there', async () => {
    const answering = { tenant: tenantA, org: orgA };
    expect(
      await decide('tenant', {
        action: 'dynamodb:UpdateItem',
        leadingKeys: [`ORG#${orgA}`],
        tags: answering,
      }),
    ).toBe('Allowed');
    expect(
      await decide('tenant', {
        action: 'dynamodb:GetItem',
        leadingKeys: [`ORG#${orgA}`],
        tags: answering,
      }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide('tenant', {
        action: 'dynamodb:UpdateItem',
        leadingKeys: [`ORG#${orgB}`],
        tags: answering,
      }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('a prescriber’s session (prescriber access role, tagged org=A, region=04)', () => {
  const tags = { org: orgA, region: '04' };

  it('is allowed its organisation and its region’s directory', async () => {
    expect(
      await decide('prescriber', { action: 'dynamodb:Query', leadingKeys: [`ORG#${orgA}`], tags }),
    ).toBe('Allowed');
    expect(
      await decide('prescriber', {
        action: 'dynamodb:Query',
        resource: index(byRelation.name),
        leadingKeys: ['DIRECTORY#04'],
        tags,
      }),
    ).toBe('Allowed');
  });

  it('is refused another organisation, another region’s directory, and any structure it does not file to', async () => {
    expect(
      await decide('prescriber', { action: 'dynamodb:Query', leadingKeys: [`ORG#${orgB}`], tags }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide('prescriber', {
        action: 'dynamodb:Query',
        resource: index(byRelation.name),
        leadingKeys: ['DIRECTORY#11'],
        tags,
      }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide('prescriber', {
        action: 'dynamodb:GetItem',
        leadingKeys: [`TENANT#${tenantA}`],
        tags,
      }),
    ).toBe('ImplicitlyDenied');
  });

  it('files into the structure its session names, by known keys only: no Query there, no other structure', async () => {
    const filing = { ...tags, tenant: tenantA };
    expect(
      await decide('prescriber', {
        action: 'dynamodb:PutItem',
        leadingKeys: [`TENANT#${tenantA}`],
        tags: filing,
      }),
    ).toBe('Allowed');
    expect(
      await decide('prescriber', {
        action: 'dynamodb:Query',
        leadingKeys: [`TENANT#${tenantA}`],
        tags: filing,
      }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide('prescriber', {
        action: 'dynamodb:PutItem',
        leadingKeys: [`TENANT#${tenantB}`],
        tags: filing,
      }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('a funder’s session (funder access role, tagged funder=A, region=04)', () => {
  const tags = { funder: funderA, region: '04' };

  it('reads its region’s statistics', async () => {
    expect(
      await decide('funder', { action: 'dynamodb:Query', leadingKeys: ['STATS#04#2026'], tags }),
    ).toBe('Allowed');
    expect(
      await decide('funder', {
        action: 'dynamodb:GetItem',
        leadingKeys: [`FUNDER#${funderA}`],
        tags,
      }),
    ).toBe('Allowed');
  });

  it('is refused another region’s statistics, any write, and every structure', async () => {
    expect(
      await decide('funder', { action: 'dynamodb:Query', leadingKeys: ['STATS#11#2026'], tags }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide('funder', { action: 'dynamodb:PutItem', leadingKeys: ['STATS#04#2026'], tags }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide('funder', {
        action: 'dynamodb:GetItem',
        leadingKeys: [`TENANT#${tenantA}`],
        tags,
      }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide('funder', {
        action: 'dynamodb:Query',
        resource: index(byOwner.name),
        leadingKeys: [`TENANT#${tenantA}#CASES`],
        tags,
      }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('a platform-admin’s session (platform access role)', () => {
  it('creates the structure its session names, and no other', async () => {
    const creating = { tenant: tenantA, region: '04', email: 'direction@exemple.fr' };
    expect(
      await decide('platform', {
        action: 'dynamodb:PutItem',
        leadingKeys: [`TENANT#${tenantA}`],
        tags: creating,
      }),
    ).toBe('Allowed');
    expect(
      await decide('platform', {
        action: 'dynamodb:PutItem',
        leadingKeys: ['EMAIL#direction@exemple.fr'],
        tags: creating,
      }),
    ).toBe('Allowed');
    expect(
      await decide('platform', {
        action: 'dynamodb:PutItem',
        leadingKeys: [`TENANT#${tenantB}`],
        tags: creating,
      }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide('platform', {
        action: 'dynamodb:Query',
        leadingKeys: [`TENANT#${tenantA}`],
        tags: creating,
      }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('a session naming an e-mail address (tenant access role, tagged tenant=A, email)', () => {
  const stsAlphabet = /^[A-Za-z0-9 _.:/=+\-@]{1,256}$/;
  const structureAdmin = { role: 'structure-admin', userId: tenantB, tenantId: tenantA } as const;
  /** The tags the API would assume the role with, to invite `address`. */
  const tagsFor = (address: string) => {
    const session = accessSessionOf(
      widenScope(scopeFor(structureAdmin), indexPartitions.userByEmail(address)),
    );
    if (session === undefined) throw new Error('a caller’s scope without a session');
    return session.tags;
  };

  it.each(addressesOfEveryAcceptedCharacter)(
    'claims %s and reads who holds it, and no other address',
    async (address) => {
      const tags = tagsFor(address);
      const claim = indexPartitions.userByEmail(address);

      expect(tags.email).toMatch(stsAlphabet);
      expect(
        await decide('tenant', { action: 'dynamodb:PutItem', leadingKeys: [claim], tags }),
      ).toBe('Allowed');
      expect(
        await decide('tenant', {
          action: 'dynamodb:Query',
          resource: index(byOwner.name),
          leadingKeys: [claim],
          tags,
        }),
      ).toBe('Allowed');
      expect(
        await decide('tenant', {
          action: 'dynamodb:PutItem',
          leadingKeys: [indexPartitions.userByEmail(`x${address}`)],
          tags,
        }),
      ).toBe('ImplicitlyDenied');
    },
  );
});

describe('the access roles’ trust', () => {
  async function assume(role: Role, principal: string, tagKeys: string[]): Promise<string> {
    const result = await runSimulation(
      {
        request: {
          principal,
          action: 'sts:AssumeRole',
          resource: {
            resource: `arn:aws:iam::${account}:role/appui-test-${role}-access`,
            accountId: account,
          },
          contextVariables: { 'aws:TagKeys': tagKeys },
        },
        identityPolicies: [
          {
            name: 'may-assume-anything',
            policy: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
            },
          },
        ],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: trustPolicies[role],
      },
      {},
    );
    if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
    return result.overallResult;
  }

  it('lets the API and portal functions’ roles assume the tenant role with a tenant tag', async () => {
    expect(await assume('tenant', apiRoleArn, ['tenant'])).toBe('Allowed');
    expect(
      await assume('tenant', `arn:aws:iam::${account}:role/appui-test-portal`, ['tenant']),
    ).toBe('Allowed');
  });

  it('refuses any other role of the account, and a tag the role does not read', async () => {
    expect(
      await assume('tenant', `arn:aws:iam::${account}:role/appui-test-deadlines`, ['tenant']),
    ).not.toBe('Allowed');
    expect(await assume('funder', apiRoleArn, ['tenant'])).not.toBe('Allowed');
  });
});

// ——— The tenants' note keys (shared/crypto/kms-keys.ts) ———

const noteKeyOf = (suffix: string) =>
  `arn:aws:kms:eu-west-3:${account}:key/0192f0a0-0000-7000-8000-0000000${suffix}`;
const keyA = noteKeyOf('0a0a0');
const keyB = noteKeyOf('0b0b0');
const aliasOf = (tenant: string) => `alias/appui/test/tenant/${tenant}`;

interface KmsRequest {
  action: string;
  resource: string;
  tags: Partial<Record<'tenant' | 'org' | 'region' | 'email', string>>;
  context?: Record<string, string | string[]>;
}

/** The encryption-context condition key of the note statements (`kms:EncryptionContext:tenant`). */
const contextCondition = 'kms:EncryptionContext:tenant';

/**
 * The policy without its `kms:EncryptionContext:tenant` conditions: the simulator knows variable
 * condition keys of the `prefix/name` form only, and ignores this one (the request's value never
 * reaches it). What they say is checked on the template itself, below.
 */
function withoutContextConditions(policy: unknown): unknown {
  if (Array.isArray(policy)) return policy.map(withoutContextConditions);
  if (typeof policy !== 'object' || policy === null) return policy;
  return Object.fromEntries(
    Object.entries(policy).flatMap(([key, value]) => {
      if (key === contextCondition) return [];
      const inner = withoutContextConditions(value);
      const emptied =
        typeof inner === 'object' &&
        inner !== null &&
        !Array.isArray(inner) &&
        Object.keys(inner).length === 0;
      return emptied && key === 'StringEquals' ? [] : [[key, inner]];
    }),
  );
}

const defaultKeyPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

/** What IAM decides for a KMS request of a session of `role` with these tags. */
async function decideKms(role: Role, request: KmsRequest): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:sts::${account}:assumed-role/appui-test-${role}-access/appui-${role}`,
        action: request.action,
        resource: { resource: request.resource, accountId: account },
        contextVariables: {
          ...request.context,
          ...Object.fromEntries(
            Object.entries(request.tags).map(([tag, value]) => [`aws:PrincipalTag/${tag}`, value]),
          ),
        },
      },
      identityPolicies: [
        { name: `appui-test-${role}-items`, policy: withoutContextConditions(policies[role]) },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      // A key's policy must allow the account: CreateKey without a policy gives the default one,
      // which lets IAM policies decide (as for every tenant key).
      ...(request.resource.includes(':key/') ? { resourcePolicy: defaultKeyPolicy } : {}),
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

/** A request on the note key of `owner` (the key its alias names). */
const onKeyOf = (owner: 'a' | 'b') => ({
  resource: owner === 'a' ? keyA : keyB,
  context: { 'kms:ResourceAliases': [aliasOf(owner === 'a' ? tenantA : tenantB)] },
});

describe('the note keys: a structure’s session (tagged tenant=A)', () => {
  const tags = { tenant: tenantA };

  it('seals and opens notes with its own key', async () => {
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      expect(await decideKms('tenant', { action, tags, ...onKeyOf('a') }), action).toBe('Allowed');
    }
    expect(
      await decideKms('tenant', {
        action: 'kms:DescribeKey',
        tags,
        resource: keyA,
        context: { 'kms:ResourceAliases': [aliasOf(tenantA)] },
      }),
    ).toBe('Allowed');
  });

  it('is refused tenant B’s key, and everything without its tag', async () => {
    expect(await decideKms('tenant', { action: 'kms:Decrypt', tags, ...onKeyOf('b') })).toBe(
      'ImplicitlyDenied',
    );
    expect(await decideKms('tenant', { action: 'kms:Decrypt', tags: {}, ...onKeyOf('a') })).toBe(
      'ImplicitlyDenied',
    );
  });

  it('administers no key: no creation, no deletion', async () => {
    expect(
      await decideKms('tenant', {
        action: 'kms:ScheduleKeyDeletion',
        tags,
        resource: keyA,
        context: {
          'kms:ResourceAliases': [aliasOf(tenantA)],
          'aws:ResourceTag/appui:tenant': tenantA,
        },
      }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decideKms('tenant', {
        action: 'kms:CreateKey',
        tags,
        resource: '*',
        context: { 'aws:RequestTag/appui:tenant': tenantA },
      }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('the note keys: a prescriber’s session filing to structure A', () => {
  const tags = { org: orgA, region: '04', tenant: tenantA };

  it('seals a reason with A’s key, and opens nothing', async () => {
    expect(
      await decideKms('prescriber', { action: 'kms:GenerateDataKey', tags, ...onKeyOf('a') }),
    ).toBe('Allowed');
    expect(await decideKms('prescriber', { action: 'kms:Decrypt', tags, ...onKeyOf('a') })).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await decideKms('prescriber', { action: 'kms:GenerateDataKey', tags, ...onKeyOf('b') }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('the note keys: a funder’s session', () => {
  it('touches no note key', async () => {
    expect(
      await decideKms('funder', {
        action: 'kms:Decrypt',
        tags: { region: '04' },
        ...onKeyOf('a'),
      }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('the note keys: a platform-admin’s session (tagged tenant=A)', () => {
  const tags = { tenant: tenantA };
  const newKeyTags = (tenant: string) => ({
    'aws:RequestTag/appui:tenant': tenant,
    'aws:RequestTag/appui:stage': 'test',
    'aws:TagKeys': ['appui:tenant', 'appui:stage'],
    'kms:KeySpec': 'SYMMETRIC_DEFAULT',
    'kms:KeyUsage': 'ENCRYPT_DECRYPT',
    'kms:KeyOrigin': 'AWS_KMS',
  });
  const taggedKey = (tenant: string) => ({
    'aws:ResourceTag/appui:tenant': tenant,
    'aws:ResourceTag/appui:stage': 'test',
  });

  it('creates the key of the structure its session names, tagged with it, and no other', async () => {
    expect(
      await decideKms('platform', {
        action: 'kms:CreateKey',
        tags,
        resource: '*',
        context: newKeyTags(tenantA),
      }),
    ).toBe('Allowed');
    expect(
      await decideKms('platform', {
        action: 'kms:CreateKey',
        tags,
        resource: '*',
        context: newKeyTags(tenantB),
      }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decideKms('platform', {
        action: 'kms:CreateAlias',
        tags,
        resource: `arn:aws:kms:eu-west-3:${account}:${aliasOf(tenantA)}`,
      }),
    ).toBe('Allowed');
    expect(
      await decideKms('platform', {
        action: 'kms:CreateAlias',
        tags,
        resource: `arn:aws:kms:eu-west-3:${account}:${aliasOf(tenantB)}`,
      }),
    ).toBe('ImplicitlyDenied');
  });

  it('schedules the deletion of its structure’s key only, never the table’s', async () => {
    expect(
      await decideKms('platform', {
        action: 'kms:ScheduleKeyDeletion',
        tags,
        resource: keyA,
        context: taggedKey(tenantA),
      }),
    ).toBe('Allowed');
    expect(
      await decideKms('platform', {
        action: 'kms:ScheduleKeyDeletion',
        tags,
        resource: keyB,
        context: taggedKey(tenantB),
      }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decideKms('platform', {
        action: 'kms:ScheduleKeyDeletion',
        tags,
        resource: keyArn,
        context: taggedKey(tenantA),
      }),
    ).toBe('ExplicitlyDenied');
  });

  it('opens the notes of the structure it archives, and seals none', async () => {
    expect(await decideKms('platform', { action: 'kms:Decrypt', tags, ...onKeyOf('a') })).toBe(
      'Allowed',
    );
    expect(await decideKms('platform', { action: 'kms:Decrypt', tags, ...onKeyOf('b') })).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await decideKms('platform', { action: 'kms:GenerateDataKey', tags, ...onKeyOf('a') }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('the note statements as synthesized', () => {
  it('hold a data key to the encryption context of the session’s tenant, in every role that uses one', () => {
    for (const role of ['tenant', 'prescriber', 'platform'] as const) {
      const statements = JSON.stringify(policies[role]);
      const parsed: {
        Statement: { Sid?: string; Condition?: Record<string, Record<string, unknown>> }[];
      } = JSON.parse(statements);
      const notes = parsed.Statement.find((statement) => statement.Sid === 'NotesOfItsTenant');
      expect(notes?.Condition?.StringEquals?.[contextCondition], role).toBe(
        principalTagVariable('tenant'),
      );
    }
    expect(JSON.stringify(policies.funder)).not.toContain('NotesOfItsTenant');
  });
});
