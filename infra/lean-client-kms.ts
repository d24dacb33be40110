/**
 * What `@aws-sdk/client-kms` is in the Lambda bundles (infra/bundling.ts): the modular client and
 * its commands, as the package gives them, with an aggregated `KMS` class that has no methods.
 * The Encryption SDK's KMS keyring names `KMS` for its default client supplier (`new KMS(config)`
 * per region, then `kms.encrypt(…)`), and the aggregated class brings every command of the
 * service, some 17 KB; Appui gives each keyring its own client supplier (shared/crypto), built on
 * `KMSClient` and the commands it sends, so the default supplier never runs. Were it to run, its
 * first call would fail as a missing method. Locally and in tests, the package is itself.
 */
import { KMSClient } from './client-kms-modules.js';

export * from './client-kms-modules.js';

/** The aggregated client without its command methods (declared here, it hides the package's). */
export class KMS extends KMSClient {}
