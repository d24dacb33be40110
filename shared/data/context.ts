/** What a store is given to reach the table: the client, the table's name, and the keys that open notes. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TenantKeys } from '../crypto/tenant-keys.ts';

export interface DataContext {
  db: DynamoDBDocumentClient;
  tableName: string;
  /** The keys that open the tenants' notes; without them, notes read as placeholders. */
  tenantKeys?: TenantKeys | undefined;
}
