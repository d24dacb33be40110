/**
 * The names IAM and KMS agree on for the tenant keys (read by kms-keys.ts and by the CDK's access
 * roles): nothing here imports a client, so the infrastructure code can use it.
 */

/** The alias of a tenant's key, `alias/appui/<stage>/tenant/<tenantId>`: IAM's conditions name it. */
export function tenantKeyAlias(stage: string, tenantId: string): string {
  return `alias/appui/${stage}/tenant/${tenantId}`;
}

/** The tag every tenant key carries, naming its tenant (IAM's `aws:ResourceTag/appui:tenant`). */
export const tenantTagKey = 'appui:tenant';
/** The tag naming the stage a tenant key belongs to. */
export const stageTagKey = 'appui:stage';

/** The encryption context's key naming the tenant, on every note (IAM's `kms:EncryptionContext:tenant`). */
export const tenantContextKey = 'tenant';

/** KMS's shortest waiting period before a key scheduled for deletion is gone. */
export const deletionWindowDays = 7;
