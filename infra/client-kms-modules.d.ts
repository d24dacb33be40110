/** The modules of @aws-sdk/client-kms reached by path (client-kms-modules.js): the package's own types. */
export * from '@aws-sdk/client-kms';
