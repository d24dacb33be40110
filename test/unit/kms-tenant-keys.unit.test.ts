/**
 * The KMS tenant keys, against a mocked KMS (it has no local twin): the alias resolved to the
 * key's ARN, one data key serving many notes, each access session on its own client and cache,
 * provisioning and destruction as KMS must see them, and what a destroyed key or a throttled KMS
 * turns into.
 */
import { randomBytes } from 'node:crypto';
import {
  AlreadyExistsException,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  GenerateDataKeyCommand,
  KMSClient,
  type KMSClientResolvedConfig,
  KMSInvalidStateException,
  NotFoundException,
  ScheduleKeyDeletionCommand,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-kms';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeKmsTenantKeys } from '../../shared/crypto/kms-keys.ts';
import { NoteUnreadableError, TenantKeyDestroyedError } from '../../shared/crypto/tenant-keys.ts';
import { UnavailableError } from '../../shared/errors.ts';

const tenantA = '0192f0a0-0000-7000-8000-00000000000a';
const keyArn = 'arn:aws:kms:eu-west-3:123456789012:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';
const alias = `alias/appui/test/tenant/${tenantA}`;
const summary = { field: 'summary', item: 'CASE#c1#JOURNAL#2026-02-01#e1' };

type KmsStub = AwsStub<ServiceInputTypes, ServiceOutputTypes, KMSClientResolvedConfig>;

function contextOf(context: Record<string, string> | undefined): string {
  return JSON.stringify(Object.entries(context ?? {}).sort());
}

/** A KMS that wraps data keys for real (in memory), holding each to its encryption context. */
function aFakeKms(stub: KmsStub): void {
  const wrapped = new Map<string, { plaintext: Buffer; context: string }>();
  stub.on(DescribeKeyCommand).resolves({
    KeyMetadata: { KeyId: 'key-a', Arn: keyArn, KeyState: 'Enabled', AWSAccountId: '123456789012' },
  });
  stub.on(GenerateDataKeyCommand).callsFake((input) => {
    const plaintext = randomBytes(input.NumberOfBytes ?? 32);
    const blob = randomBytes(24);
    wrapped.set(blob.toString('hex'), {
      plaintext,
      context: contextOf(input.EncryptionContext),
    });
    // Copies: the SDK wipes the plaintext it was given once it is done with it.
    return {
      KeyId: keyArn,
      Plaintext: new Uint8Array(plaintext),
      CiphertextBlob: new Uint8Array(blob),
    };
  });
  stub.on(DecryptCommand).callsFake((input) => {
    const found = wrapped.get(Buffer.from(input.CiphertextBlob).toString('hex'));
    if (found === undefined || found.context !== contextOf(input.EncryptionContext)) {
      throw new Error('InvalidCiphertextException');
    }
    return { KeyId: keyArn, Plaintext: new Uint8Array(found.plaintext) };
  });
}

let clientA: KMSClient;
let clientB: KMSClient;
let kmsA: KmsStub;
let kmsB: KmsStub;

beforeEach(() => {
  clientA = new KMSClient({ region: 'eu-west-3' });
  clientB = new KMSClient({ region: 'eu-west-3' });
  kmsA = mockClient(clientA);
  kmsB = mockClient(clientB);
});

afterEach(() => {
  kmsA.reset();
  kmsB.reset();
});

/** Keys whose KMS calls go to session A's client, or B's while `session.now` says so. */
function keysOnSessions() {
  const session = { now: 'A' };
  const keys = makeKmsTenantKeys({
    stage: 'test',
    kms: () =>
      session.now === 'A' ? { session: 'A', client: clientA } : { session: 'B', client: clientB },
  });
  return { keys, session };
}

async function failure(attempt: Promise<unknown>): Promise<unknown> {
  try {
    await attempt;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('it did not fail');
}

describe('the KMS tenant keys', () => {
  it('seal many notes under one data key generated for the tenant’s key, its ARN resolved from the alias', async () => {
    aFakeKms(kmsA);
    const { keys } = keysOnSessions();

    const sealed: Uint8Array[] = [];
    for (const n of [1, 2, 3, 4, 5]) sealed.push(await keys.seal(tenantA, summary, `Note ${n}`));
    const opened: string[] = [];
    for (const bytes of sealed) opened.push(await keys.unseal(tenantA, summary, bytes));

    expect(opened).toEqual(['Note 1', 'Note 2', 'Note 3', 'Note 4', 'Note 5']);
    expect(kmsA.commandCalls(DescribeKeyCommand).map((call) => call.args[0].input.KeyId)).toEqual([
      alias,
    ]);
    const generated = kmsA.commandCalls(GenerateDataKeyCommand);
    expect(generated).toHaveLength(1);
    expect(generated[0]?.args[0].input).toMatchObject({
      KeyId: keyArn,
      EncryptionContext: { tenant: tenantA, purpose: 'appui-note' },
    });
    expect(kmsA.commandCalls(DecryptCommand)).toHaveLength(1);
  });

  it('signs each access session’s calls with its own client, and shares no data key between sessions', async () => {
    aFakeKms(kmsA);
    aFakeKms(kmsB);
    const { keys, session } = keysOnSessions();

    await keys.seal(tenantA, summary, 'Par A');
    session.now = 'B';
    await keys.seal(tenantA, summary, 'Par B');

    expect(kmsA.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    expect(kmsB.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
  });

  it('refuses a note sealed for another place', async () => {
    aFakeKms(kmsA);
    const { keys } = keysOnSessions();
    const sealed = await keys.seal(tenantA, summary, 'Une note');

    const error = await failure(keys.unseal(tenantA, { ...summary, field: 'privateNote' }, sealed));

    expect(error).toBeInstanceOf(NoteUnreadableError);
    expect(error).toMatchObject({ reason: 'not-this-note' });
  });

  it('reads a note as destroyed once its key is pending deletion', async () => {
    aFakeKms(kmsA);
    const sealed = await keysOnSessions().keys.seal(tenantA, summary, 'Une note');
    // Another process, with no data key in its cache: KMS refuses, the key is being deleted.
    kmsA
      .on(DecryptCommand)
      .rejects(new KMSInvalidStateException({ message: 'pending deletion', $metadata: {} }));
    kmsA.on(DescribeKeyCommand).resolves({
      KeyMetadata: { KeyId: 'key-a', Arn: keyArn, KeyState: 'PendingDeletion' },
    });

    const error = await failure(keysOnSessions().keys.unseal(tenantA, summary, sealed));

    expect(error).toBeInstanceOf(NoteUnreadableError);
    expect(error).toMatchObject({ reason: 'key-destroyed' });
  });

  it('refuses a new note for a tenant whose alias is gone, with a French 409', async () => {
    kmsA
      .on(DescribeKeyCommand)
      .rejects(new NotFoundException({ message: 'no alias', $metadata: {} }));

    const error = await failure(keysOnSessions().keys.seal(tenantA, summary, 'Une note'));

    expect(error).toBeInstanceOf(TenantKeyDestroyedError);
    expect(error).toMatchObject({ status: 409 });
  });

  it('answers 503 when KMS throttles, rather than calling the note unreadable', async () => {
    aFakeKms(kmsA);
    // KMS's throttling is not a modelled error: the SDK names it from the answer.
    kmsA
      .on(GenerateDataKeyCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    const error = await failure(keysOnSessions().keys.seal(tenantA, summary, 'Une note'));

    expect(error).toBeInstanceOf(UnavailableError);
  });

  it('provisions a symmetric key tagged with its tenant and stage, its alias, and yearly rotation', async () => {
    kmsA.on(CreateKeyCommand).resolves({ KeyMetadata: { KeyId: 'new-key', Arn: keyArn } });
    kmsA.on(CreateAliasCommand).resolves({});
    kmsA.on(EnableKeyRotationCommand).resolves({});

    await keysOnSessions().keys.provision(tenantA);

    expect(kmsA.commandCalls(CreateKeyCommand)[0]?.args[0].input).toMatchObject({
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Tags: [
        { TagKey: 'appui:tenant', TagValue: tenantA },
        { TagKey: 'appui:stage', TagValue: 'test' },
      ],
    });
    expect(kmsA.commandCalls(CreateKeyCommand)[0]?.args[0].input.Policy).toBeUndefined();
    expect(kmsA.commandCalls(CreateAliasCommand)[0]?.args[0].input).toEqual({
      AliasName: alias,
      TargetKeyId: 'new-key',
    });
    expect(kmsA.commandCalls(EnableKeyRotationCommand)[0]?.args[0].input).toEqual({
      KeyId: 'new-key',
    });
  });

  it('keeps the key a tenant already has when provisioning again, and schedules the extra one for deletion', async () => {
    kmsA.on(CreateKeyCommand).resolves({ KeyMetadata: { KeyId: 'extra-key', Arn: keyArn } });
    kmsA
      .on(CreateAliasCommand)
      .rejects(new AlreadyExistsException({ message: 'alias exists', $metadata: {} }));
    kmsA.on(ScheduleKeyDeletionCommand).resolves({});

    await keysOnSessions().keys.provision(tenantA);

    expect(kmsA.commandCalls(ScheduleKeyDeletionCommand)[0]?.args[0].input).toEqual({
      KeyId: 'extra-key',
      PendingWindowInDays: 7,
    });
  });

  it('destroys a tenant’s key: deletion scheduled in 7 days, alias removed; a second time does nothing', async () => {
    kmsA
      .on(DescribeKeyCommand)
      .resolvesOnce({ KeyMetadata: { KeyId: 'key-a', Arn: keyArn } })
      .rejects(new NotFoundException({ message: 'gone', $metadata: {} }));
    kmsA.on(ScheduleKeyDeletionCommand).resolves({});
    kmsA.on(DeleteAliasCommand).resolves({});
    const { keys } = keysOnSessions();

    await keys.destroy(tenantA);
    await keys.destroy(tenantA);

    expect(kmsA.commandCalls(ScheduleKeyDeletionCommand).map((call) => call.args[0].input)).toEqual(
      [{ KeyId: 'key-a', PendingWindowInDays: 7 }],
    );
    expect(kmsA.commandCalls(DeleteAliasCommand).map((call) => call.args[0].input)).toEqual([
      { AliasName: alias },
    ]);
  });
});
