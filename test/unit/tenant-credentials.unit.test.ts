import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { indexPartitions, orgPrefix } from '../../shared/data/keys.ts';
import {
  type AccessSession,
  accessSessionOf,
  runInScope,
  scopeFor,
  systemScope,
  widenScope,
} from '../../shared/data/scope.ts';
import {
  makeSessionCredentials,
  makeTenantAccessDb,
  type SessionCredentials,
} from '../../shared/data/tenant-credentials.ts';
import { ScopeViolationError } from '../../shared/errors.ts';
import {
  acceptedAddressCharacters,
  addressesOfEveryAcceptedCharacter,
} from '../support/addresses.ts';

const sts = mockClient(STSClient);
const roleArns = {
  tenant: 'arn:aws:iam::123456789012:role/appui-test-tenant-access',
  prescriber: 'arn:aws:iam::123456789012:role/appui-test-prescriber-access',
  funder: 'arn:aws:iam::123456789012:role/appui-test-funder-access',
  platform: 'arn:aws:iam::123456789012:role/appui-test-platform-access',
};
const tenantA = '0192f0a0-0000-7000-8000-00000000000a';
const tenantB = '0192f0a0-0000-7000-8000-00000000000b';
const orgId = '0192f0a0-0000-7000-8000-0000000000c0';
const userId = '0192f0a0-0000-7000-8000-0000000000d0';
const sessionA: AccessSession = { role: 'tenant', tags: { tenant: tenantA } };
const sessionB: AccessSession = { role: 'tenant', tags: { tenant: tenantB } };
const hour = 3_600_000;
const minute = 60_000;

/** A clock the test moves by hand. */
function aClock(start = Date.parse('2026-11-23T09:00:00Z')) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

/** STS answers a new key per call, valid one hour from the clock's time. */
function stsIssuesKeys(clock: { now: () => number }): void {
  let issued = 0;
  sts.on(AssumeRoleCommand).callsFake(async () => {
    issued += 1;
    return {
      Credentials: {
        AccessKeyId: `ASIA${issued}`,
        SecretAccessKey: `secret-${issued}`,
        SessionToken: `token-${issued}`,
        Expiration: new Date(clock.now() + hour),
      },
    };
  });
}

function aCache(clock: { now: () => number }, maxSessions?: number): SessionCredentials {
  return makeSessionCredentials({
    sts: new STSClient({ region: 'eu-west-3' }),
    roleArns,
    now: clock.now,
    ...(maxSessions === undefined ? {} : { maxSessions }),
  });
}

afterEach(() => {
  sts.reset();
});

describe('makeSessionCredentials', () => {
  it('assumes the role of the session with its owners as session tags, for one hour', async () => {
    const clock = aClock();
    stsIssuesKeys(clock);

    await aCache(clock).credentialsFor({
      role: 'prescriber',
      tags: { tenant: tenantA, org: orgId, region: '04' },
    });

    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: roleArns.prescriber,
      RoleSessionName: 'appui-prescriber',
      DurationSeconds: 3600,
      Tags: [
        { Key: 'tenant', Value: tenantA },
        { Key: 'org', Value: orgId },
        { Key: 'region', Value: '04' },
      ],
    });
  });

  it('answers the cached credentials of a tenant until shortly before they expire', async () => {
    const clock = aClock();
    stsIssuesKeys(clock);
    const cache = aCache(clock);

    const first = await cache.credentialsFor(sessionA);
    clock.advance(49 * minute);
    const again = await cache.credentialsFor(sessionA);

    expect(again).toBe(first);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('renews them within ten minutes of expiry, before the SDK would call them expired', async () => {
    const clock = aClock();
    stsIssuesKeys(clock);
    const cache = aCache(clock);

    const first = await cache.credentialsFor(sessionA);
    clock.advance(51 * minute);
    const renewed = await cache.credentialsFor(sessionA);

    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
    expect(renewed.expiration.getTime()).toBe(clock.now() + hour);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('keeps one session per tenant: another tenant never gets the first one’s credentials', async () => {
    const clock = aClock();
    stsIssuesKeys(clock);
    const cache = aCache(clock);

    const a = await cache.credentialsFor(sessionA);
    const b = await cache.credentialsFor(sessionB);

    expect(b.accessKeyId).not.toBe(a.accessKeyId);
    expect(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input.Tags)).toEqual([
      [{ Key: 'tenant', Value: tenantA }],
      [{ Key: 'tenant', Value: tenantB }],
    ]);
  });

  it('makes one STS call for concurrent requests of the same tenant', async () => {
    const clock = aClock();
    stsIssuesKeys(clock);
    const cache = aCache(clock);

    const answers = await Promise.all([
      cache.credentialsFor(sessionA),
      cache.credentialsFor(sessionA),
      cache.credentialsFor(sessionA),
    ]);

    expect(new Set(answers.map((credentials) => credentials.accessKeyId)).size).toBe(1);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('keeps no failure: the next request asks STS again', async () => {
    const clock = aClock();
    const cache = aCache(clock);
    sts.on(AssumeRoleCommand).rejectsOnce(new Error('throttled'));
    await expect(cache.credentialsFor(sessionA)).rejects.toThrow('throttled');

    stsIssuesKeys(clock);
    await expect(cache.credentialsFor(sessionA)).resolves.toMatchObject({ accessKeyId: 'ASIA1' });
  });

  it('refuses an answer without complete credentials', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: undefined });

    await expect(aCache(aClock()).credentialsFor(sessionA)).rejects.toThrow(
      /no complete credentials/,
    );
  });

  it('forgets the least recently used session beyond its bound', async () => {
    const clock = aClock();
    stsIssuesKeys(clock);
    const cache = aCache(clock, 1);

    await cache.credentialsFor(sessionA);
    await cache.credentialsFor(sessionB);
    await cache.credentialsFor(sessionA);

    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(3);
  });
});

describe('makeTenantAccessDb', () => {
  const connection = { region: 'eu-west-3' };

  it('signs a structure’s requests with its tenant session, and the function’s own role for a system scope', async () => {
    const clock = aClock();
    stsIssuesKeys(clock);
    const access = makeTenantAccessDb({ connection, credentials: aCache(clock) });

    const tenantClient = access.dbFor(scopeFor({ role: 'referent', userId, tenantId: tenantA }));
    const resolve = tenantClient.config.credentials;

    await expect(resolve()).resolves.toMatchObject({ accessKeyId: 'ASIA1' });
    expect(access.dbFor(systemScope('health probe'))).not.toBe(tenantClient);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input.Tags).toEqual([
      { Key: 'tenant', Value: tenantA },
    ]);
  });

  it('serves the same scope’s session with the same client, and a widened scope with its own', () => {
    const access = makeTenantAccessDb({ connection, credentials: aCache(aClock()) });
    const scope = scopeFor({ role: 'referent', userId, tenantId: tenantA });

    const client = access.dbFor(scope);

    expect(access.dbFor(scopeFor({ role: 'structure-admin', userId, tenantId: tenantA }))).toBe(
      client,
    );
    expect(access.dbFor(widenScope(scope, orgPrefix(orgId)))).not.toBe(client);
  });

  it('keeps the scope guard on every session’s client', async () => {
    const clock = aClock();
    stsIssuesKeys(clock);
    const access = makeTenantAccessDb({ connection, credentials: aCache(clock) });

    const refused = runInScope(scopeFor({ role: 'referent', userId, tenantId: tenantA }), () =>
      access.db.send(
        new GetCommand({ TableName: 'appui-test', Key: { PK: `TENANT#${tenantB}`, SK: 'X' } }),
      ),
    );

    await expect(refused).rejects.toBeInstanceOf(ScopeViolationError);
  });
});

describe('session tags of e-mail partitions', () => {
  const stsAlphabet = /^[A-Za-z0-9 _.:/=+\-@]{1,256}$/;
  const sessionOf = (address: string) =>
    accessSessionOf(
      widenScope(
        scopeFor({ role: 'structure-admin', userId, tenantId: tenantA }),
        indexPartitions.userByEmail(address),
      ),
    );

  it('finds the apostrophe among the characters an accepted address may hold', () => {
    expect(acceptedAddressCharacters).toContain("'");
  });

  it.each(addressesOfEveryAcceptedCharacter)('tags %s in STS’s alphabet', (address) => {
    const tags = sessionOf(address)?.tags;

    expect(tags?.email).toMatch(stsAlphabet);
    expect(indexPartitions.userByEmail(address)).toBe(`EMAIL#${tags?.email}`);
  });

  it('gives distinct addresses distinct tags', () => {
    const tags = addressesOfEveryAcceptedCharacter.map((address) => sessionOf(address)?.tags.email);

    const addresses = new Set(addressesOfEveryAcceptedCharacter.map((a) => a.toLowerCase()));
    expect(new Set(tags).size).toBe(addresses.size);
  });

  it('keeps the longest address within 256 characters, however many apostrophes it holds', () => {
    const local = `${"'".repeat(63)}a`;
    const address = `${local}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(58)}.fr`;
    expect(address).toHaveLength(254);
    const other = `${"'".repeat(62)}aa@${address.split('@')[1]}`;

    const [one, two] = [sessionOf(address)?.tags.email, sessionOf(other)?.tags.email];

    expect(one).toMatch(stsAlphabet);
    expect(two).toMatch(stsAlphabet);
    expect(one).not.toBe(two);
  });
});
