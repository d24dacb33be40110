import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TokenVerifier } from '../../shared/auth/verifier.ts';
import type { TenantKeys } from '../../shared/crypto/tenant-keys.ts';
import type { IdentityProvisioner } from '../../shared/identity/provisioner.ts';
import type { Mailer } from '../../shared/mail/message.ts';
import type { Settings } from '../../shared/use-case.ts';

/** What the API needs from the outside world; built once per process. */
export interface ApiDeps {
  /**
   * A document client with the scope guard on its stack. In AWS each request goes out signed by
   * the access role of the scope current at that moment (tenant-credentials.ts), so IAM checks
   * the same boundary again; locally and in tests, one guarded client.
   */
  db: DynamoDBDocumentClient;
  tableName: string;
  /**
   * The keys that seal and open each structure's notes: KMS in AWS, signed like the DynamoDB
   * requests; key files locally. Without them, the process's own key files (crypto/defaults.ts).
   */
  tenantKeys?: TenantKeys | undefined;
  /** The clock, injectable so that tests fix the date. */
  now: () => Date;
  verifier: TokenVerifier;
  settings: Settings;
  /** Creates users in the identity provider: Cognito in AWS, nothing beyond the table locally. */
  provisioner: IdentityProvisioner;
  /**
   * The OpenAPI document as JSON text, when it was generated at build time (the Lambda bundle
   * ships it); undefined, or without this, the app builds it from its routes on first request.
   */
  openApiDocument?: (() => string | undefined) | undefined;
  /** Tells the holder of an address another structure tried to invite: SES in AWS, the outbox locally. */
  mailer: Mailer;
}
