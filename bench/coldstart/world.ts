/**
 * The world the cold starts answer in: the demo data on a DynamoDB Local, its notes sealed under
 * KMS as the functions seal them (through the AWS stub), a case file of 32 sealed notes, a
 * referent's signed token, and one real event per function.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { FunctionName } from '../../infra/bundling.ts';
import { buildDemoData } from '../../infra/local/demo-data.ts';
import type { DevIssuer } from '../../infra/local/dev-issuer.ts';
import { demoSeedName, seedDemoData } from '../../infra/local/seed.ts';
import { ensureTable } from '../../infra/local/table.ts';
import { caseItem, caseKey } from '../../shared/cases/case.ts';
import { journalEntryItem } from '../../shared/cases/journal/journal-entry.ts';
import { makeKmsTenantKeys } from '../../shared/crypto/kms-keys.ts';
import { sealItem } from '../../shared/crypto/sealed-items.ts';
import { makeDynamoClient, toDocumentClient } from '../../shared/data/client.ts';
import { seedMarkerKey } from '../../shared/data/keys.ts';
import { benchStage, benchTable } from './lambda-env.ts';
/** One measured cold start: the function, the event it answers, and how to tell it answered. */
export interface ColdStartCase {
  name: string;
  fn: FunctionName;
  event: unknown;
}

export const caseFileNotes = 32;

const region = 'eu-west-3';

/** An API Gateway (HTTP API, payload 2.0) GET of `path` with the caller's token. */
function httpGet(path: string, token: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    cookies: [],
    headers: {
      host: 'appui.example',
      authorization: `Bearer ${token}`,
      accept: 'text/html,application/json',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'appui.example',
      domainPrefix: 'appui',
      http: {
        method: 'GET',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      requestId: 'bench',
      routeKey: '$default',
      stage: '$default',
      time: '02/Dec/2026:09:00:00 +0000',
      timeEpoch: Date.parse('2026-12-02T09:00:00Z'),
    },
    isBase64Encoded: false,
  };
}

/** Seeds the table and answers the cases to measure. */
export async function seedWorld(options: {
  dynamoEndpoint: string;
  stubUrl: string;
  issuer: DevIssuer;
}): Promise<{ cases: ColdStartCase[]; baselineKey: { PK: string; SK: string } }> {
  const client = makeDynamoClient({ region, endpoint: options.dynamoEndpoint });
  const db = toDocumentClient(client);
  const kms = new KMSClient({
    region,
    endpoint: options.stubUrl,
    credentials: { accessKeyId: 'ASIABENCHSEED', secretAccessKey: 'bench' },
  });
  try {
    await ensureTable(client, benchTable);
    const tenantKeys = makeKmsTenantKeys({
      stage: benchStage,
      kms: () => ({ session: '', client: kms }),
    });
    const now = new Date();
    await seedDemoData(db, benchTable, now, tenantKeys);
    const demo = buildDemoData(now);
    const referent = demo.users.find((user) => user.role === 'referent');
    const supportCase = demo.cases.find(
      (candidate) => candidate.referentId === referent?.id && candidate.phase !== 'exited',
    );
    if (referent?.tenantId === undefined || supportCase === undefined) {
      throw new Error('the demo data has no referent with an open case');
    }
    // A case file of a year and a half of weekly contacts, each note sealed.
    for (let index = 0; index < caseFileNotes; index += 1) {
      const day = new Date(Date.parse(supportCase.acceptedAt) + index * 86_400_000);
      const item = journalEntryItem(referent.tenantId, {
        id: `0192f0a0-0000-7000-8000-${index.toString(16).padStart(12, '0')}`,
        caseId: supportCase.id,
        authorId: referent.id,
        kind: 'interview',
        date: day.toISOString().slice(0, 10),
        durationMinutes: 45,
        topics: ['housing'],
        actions: ['access-to-rights'],
        partners: ['caf'],
        summary: `Entretien n° ${index + 1} : point sur le logement, les démarches CAF et la recherche de formation.`,
      });
      await db.send(
        new PutCommand({ TableName: benchTable, Item: await sealItem(item, tenantKeys) }),
      );
    }
    const token = await options.issuer.sign({
      sub: referent.id,
      role: 'referent',
      tenant: referent.tenantId,
    });
    const streamImage = marshall(caseItem(supportCase), { removeUndefinedValues: true });
    const cases: ColdStartCase[] = [
      { name: 'api', fn: 'api', event: httpGet('/api/v1/cases', token) },
      {
        name: 'api.case_file',
        fn: 'api',
        event: httpGet(`/api/v1/cases/${supportCase.id}`, token),
      },
      { name: 'portal', fn: 'portal', event: httpGet('/structure', token) },
      { name: 'deadlines', fn: 'deadlines', event: { scheduledTime: now.toISOString() } },
      { name: 'retention', fn: 'retention', event: {} },
      {
        name: 'stats-projector',
        fn: 'stats-projector',
        event: {
          Records: [
            {
              eventID: 'bench-1',
              eventName: 'MODIFY',
              eventVersion: '1.1',
              eventSource: 'aws:dynamodb',
              awsRegion: region,
              dynamodb: {
                Keys: marshall(caseKey(supportCase.tenantId, supportCase.id)),
                NewImage: streamImage,
                OldImage: streamImage,
                SequenceNumber: '100000000000000000001',
                SizeBytes: 1024,
                StreamViewType: 'NEW_AND_OLD_IMAGES',
              },
              eventSourceARN: `arn:aws:dynamodb:${region}:123456789012:table/${benchTable}/stream/2026-12-01T00:00:00.000`,
            },
          ],
        },
      },
      {
        name: 'auth-pre-token',
        fn: 'auth-pre-token',
        event: {
          version: '2',
          triggerSource: 'TokenGeneration_Authentication',
          region,
          userPoolId: 'eu-west-3_Bench0001',
          userName: referent.email,
          callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'benchclient' },
          request: {
            userAttributes: {
              sub: '0192f0a0-0000-7000-8000-0000000c0911',
              email: referent.email,
              email_verified: 'true',
              'custom:role': 'referent',
              'custom:tenant': referent.tenantId,
              'custom:user_id': referent.id,
            },
            groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
            scopes: ['openid', 'email'],
          },
          response: { claimsAndScopeOverrideDetails: null },
        },
      },
    ];
    return { cases, baselineKey: seedMarkerKey(demoSeedName) };
  } finally {
    client.destroy();
    kms.destroy();
  }
}
