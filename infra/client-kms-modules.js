// The modules of @aws-sdk/client-kms, reached by path so that the bundles' alias of the package
// (infra/lean-client-kms.ts) does not apply to them; their types are the package's
// (client-kms-modules.d.ts).
export * from '../node_modules/@aws-sdk/client-kms/dist-es/index.js';
