/**
 * Gives this test file a database of its own on the run's DynamoDB Local: started without
 * `-sharedDb`, it keeps one per access key id, and every local client (shared/data/client.ts,
 * the stream reader, the scripts a test runs, which inherit the environment) signs with this
 * one. Table names stay what each test chooses; no other file sees its tables.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';

const file = expect.getState().testPath ?? crypto.randomUUID();
// DynamoDB Local takes letters and digits only in an access key id.
process.env.DYNAMODB_LOCAL_DATABASE = `test${createHash('sha256').update(file).digest('hex').slice(0, 16)}`;
