/**
 * What replaces `@aws-sdk/credential-provider-node` in the Lambda bundles (infra/bundling.ts):
 * the credentials Lambda puts in the function's environment, and nothing else. Locally and in
 * tests the real default chain runs.
 */

/** The identity the SDK signs with. */
interface EnvCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** The SDK's `defaultProvider(init)`: a provider of the environment's credentials. */
export function defaultProvider(_init?: unknown): () => Promise<EnvCredentials> {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      throw new Error(
        'No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
      );
    }
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    const expiration = process.env.AWS_CREDENTIAL_EXPIRATION;
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken === undefined ? {} : { sessionToken }),
      ...(expiration === undefined ? {} : { expiration: new Date(expiration) }),
    };
  };
}
