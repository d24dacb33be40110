/**
 * What a function reaches besides DynamoDB, answered on one local port the way AWS answers: STS's
 * AssumeRole (the callers' access sessions), KMS's DescribeKey, GenerateDataKey and Decrypt (one
 * key whatever the alias; a data key's blob is its plaintext bound to its encryption context),
 * the issuer's JWKS, and an empty success for anything else (SES, Cognito). Nothing leaves the
 * machine.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';

export interface AwsStub {
  url: string;
  jwksUrl: string;
  close(): Promise<void>;
}

const keyArn = 'arn:aws:kms:eu-west-3:123456789012:key/0192f0a0-0000-7000-8000-00000000b3c0';

const kmsRequest = z.looseObject({
  CiphertextBlob: z.string().optional(),
  EncryptionContext: z.record(z.string(), z.string()).optional(),
  NumberOfBytes: z.number().optional(),
});
const wrappedKey = z.object({ context: z.string(), key: z.string() });

const assumedRole = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<AssumeRoleResult><Credentials><AccessKeyId>ASIABENCHSESSION</AccessKeyId><SecretAccessKey>bench</SecretAccessKey><SessionToken>bench</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/appui-bench-access/bench</Arn><AssumedRoleId>AROABENCH:bench</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>
<ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></AssumeRoleResponse>`;

function kmsAnswer(target: string, body: z.infer<typeof kmsRequest>): [number, unknown] {
  const context = JSON.stringify(Object.entries(body.EncryptionContext ?? {}).sort());
  if (target === 'TrentService.DescribeKey') {
    return [
      200,
      { KeyMetadata: { KeyId: keyArn.split('/')[1], Arn: keyArn, KeyState: 'Enabled' } },
    ];
  }
  if (target === 'TrentService.GenerateDataKey') {
    const plaintext = randomBytes(body.NumberOfBytes ?? 32).toString('base64');
    const blob = Buffer.from(JSON.stringify({ context, key: plaintext })).toString('base64');
    return [200, { KeyId: keyArn, Plaintext: plaintext, CiphertextBlob: blob }];
  }
  if (target === 'TrentService.Decrypt') {
    const wrapped = wrappedKey.parse(
      JSON.parse(Buffer.from(body.CiphertextBlob ?? '', 'base64').toString('utf8')),
    );
    if (wrapped.context !== context) {
      return [400, { __type: 'InvalidCiphertextException', message: 'not this context' }];
    }
    return [200, { KeyId: keyArn, Plaintext: wrapped.key }];
  }
  return [400, { __type: 'UnsupportedOperationException', message: target }];
}

export async function startAwsStub(jwks: JSONWebKeySet): Promise<AwsStub> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const target = String(request.headers['x-amz-target'] ?? '');
      if (request.method === 'GET' && request.url === '/.well-known/jwks.json') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
      } else if (text.includes('Action=AssumeRole')) {
        response.writeHead(200, { 'content-type': 'text/xml' }).end(assumedRole);
      } else if (target.startsWith('TrentService.')) {
        const [status, json] = kmsAnswer(target, kmsRequest.parse(JSON.parse(text)));
        response
          .writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
          .end(JSON.stringify(json));
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}
