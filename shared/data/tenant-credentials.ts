/**
 * The second isolation layer in AWS: the API's own role reaches no caller's item, so each request
 * runs on the credentials of the access role of its caller's kind, assumed with the owners of its
 * scope as session tags (scope.ts `accessSessionOf`). IAM then refuses any key outside the tags
 * (`dynamodb:LeadingKeys`), whatever the code asks. Credentials are cached per session and
 * renewed before they expire; locally none of this runs (the guard alone checks the scope).
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type DynamoConnection, makeDynamoClient, toDocumentClient } from './client.ts';
import {
  type AccessRole,
  type AccessSession,
  accessSessionOf,
  currentScope,
  type Scope,
} from './scope.ts';
import { guardClient, makeGuardedDocumentClient } from './scope-guard.ts';

/** Temporary credentials of an assumed role, as the SDK's signer takes them. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface SessionCredentialsOptions {
  sts: STSClient;
  /** The ARN of each access role (the API stack's outputs, in the function's environment). */
  roleArns: Readonly<Record<AccessRole, string>>;
  /**
   * How long before expiry credentials are renewed: more than the SDK's own five minutes, so
   * that a client never holds credentials it already considers expired.
   */
  refreshBeforeMs?: number;
  /** Session length; one hour is the most STS gives a role assumed by another role. */
  durationSeconds?: number;
  /** Sessions kept at most (least recently used go first): a warm function serves many tenants. */
  maxSessions?: number;
  now?: () => number;
}

export interface SessionCredentials {
  /** The session's credentials: cached, renewed before expiry, one STS call for concurrent asks. */
  credentialsFor(session: AccessSession): Promise<TemporaryCredentials>;
}

interface CacheEntry {
  credentials?: TemporaryCredentials;
  pending?: Promise<TemporaryCredentials>;
}

/** A session's cache key: its role and its tags (already sorted by tag). */
export function sessionKey(session: AccessSession): string {
  return `${session.role}:${JSON.stringify(session.tags)}`;
}

/** Assumes the access roles with session tags, and keeps the credentials until shortly before they expire. */
export function makeSessionCredentials(options: SessionCredentialsOptions): SessionCredentials {
  const refreshBeforeMs = options.refreshBeforeMs ?? 10 * 60_000;
  const durationSeconds = options.durationSeconds ?? 3600;
  const maxSessions = options.maxSessions ?? 100;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();

  async function assume(session: AccessSession): Promise<TemporaryCredentials> {
    const { Credentials } = await options.sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArns[session.role],
        RoleSessionName: `appui-${session.role}`,
        DurationSeconds: durationSeconds,
        Tags: Object.entries(session.tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = Credentials ?? {};
    if (
      AccessKeyId === undefined ||
      SecretAccessKey === undefined ||
      SessionToken === undefined ||
      Expiration === undefined
    ) {
      throw new Error(`STS answered no complete credentials for the ${session.role} access role`);
    }
    return {
      accessKeyId: AccessKeyId,
      secretAccessKey: SecretAccessKey,
      sessionToken: SessionToken,
      expiration: Expiration,
    };
  }

  function remember(key: string, entry: CacheEntry): void {
    cache.delete(key);
    cache.set(key, entry);
    for (const oldest of cache.keys()) {
      if (cache.size <= maxSessions) break;
      cache.delete(oldest);
    }
  }

  return {
    credentialsFor(session) {
      const key = sessionKey(session);
      const entry = cache.get(key) ?? {};
      const { credentials, pending } = entry;
      if (credentials !== undefined && credentials.expiration.getTime() - now() > refreshBeforeMs) {
        remember(key, entry);
        return Promise.resolve(credentials);
      }
      if (pending !== undefined) return pending;
      const renewal = assume(session).then(
        (fresh) => {
          remember(key, { credentials: fresh });
          return fresh;
        },
        (error: unknown) => {
          // Nothing half-made is kept: the next request asks STS again.
          if (cache.get(key)?.pending === renewal) cache.delete(key);
          throw error;
        },
      );
      remember(key, { ...entry, pending: renewal });
      return renewal;
    },
  };
}

export interface TenantAccessDb {
  /**
   * The document client the use cases are given: each `send` goes to the client of the scope
   * current at that moment (a use case that widens its scope is served by the widened session).
   */
  readonly db: DynamoDBDocumentClient;
  /**
   * The client of a scope: the access session's, or the function's own role for a system scope
   * (the health probe). Every one has the scope guard on its stack.
   */
  dbFor(scope: Scope | undefined): DynamoDBDocumentClient;
}

/** One DynamoDB client per access session (at most `maxSessions`), each signing with its credentials. */
export function makeTenantAccessDb({
  connection,
  credentials,
  maxSessions = 100,
}: {
  connection: DynamoConnection;
  credentials: SessionCredentials;
  maxSessions?: number;
}): TenantAccessDb {
  const own = makeGuardedDocumentClient(connection);
  const clients = new Map<string, DynamoDBDocumentClient>();

  function dbFor(scope: Scope | undefined): DynamoDBDocumentClient {
    const session = scope === undefined ? undefined : accessSessionOf(scope);
    if (session === undefined) return own;
    const key = sessionKey(session);
    const client =
      clients.get(key) ??
      toDocumentClient(
        guardClient(
          makeDynamoClient({
            ...connection,
            credentials: () => credentials.credentialsFor(session),
          }),
        ),
      );
    clients.delete(key);
    clients.set(key, client);
    for (const oldest of clients.keys()) {
      if (clients.size <= maxSessions) break;
      clients.get(oldest)?.destroy();
      clients.delete(oldest);
    }
    return client;
  }

  const db = new Proxy(own, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (...args: unknown[]) => {
        const client = dbFor(currentScope());
        return Reflect.apply(client.send, client, args);
      };
    },
  });
  return { db, dbFor };
}

/** The access session the code running now signs with: its cache key and its credentials. */
export interface CallerSession {
  readonly key: string;
  readonly credentials: () => Promise<TemporaryCredentials>;
}

/** What a function that serves callers signs its requests with: DynamoDB's and KMS's alike. */
export interface CallerAccess {
  /** The document client the use cases are given (see `TenantAccessDb.db`). */
  readonly db: DynamoDBDocumentClient;
  /**
   * The session of the scope current now, for the other AWS clients of a request (KMS, for the
   * tenant's notes); undefined for the function's own role (a system scope, or no access roles).
   */
  sessionOfNow(): CallerSession | undefined;
}

/**
 * The data access of a function that serves callers (the API, the portal): in AWS, with the
 * access roles' ARNs, each request signed by its caller's access session; without them (locally,
 * in tests, a stack run by hand) one client on the function's own credentials. Both guarded.
 */
export function makeCallerAccess(
  connection: DynamoConnection,
  roleArns: Readonly<Record<AccessRole, string>> | undefined,
): CallerAccess {
  if (roleArns === undefined) {
    return { db: makeGuardedDocumentClient(connection), sessionOfNow: () => undefined };
  }
  const credentials = makeSessionCredentials({
    sts: new STSClient({ region: connection.region }),
    roleArns,
  });
  const { db } = makeTenantAccessDb({ connection, credentials });
  return {
    db,
    sessionOfNow() {
      const scope = currentScope();
      const session = scope === undefined ? undefined : accessSessionOf(scope);
      if (session === undefined) return undefined;
      return { key: sessionKey(session), credentials: () => credentials.credentialsFor(session) };
    },
  };
}

/** The document client alone of `makeCallerAccess`. */
export function makeCallerDb(
  connection: DynamoConnection,
  roleArns: Readonly<Record<AccessRole, string>> | undefined,
): DynamoDBDocumentClient {
  return makeCallerAccess(connection, roleArns).db;
}
