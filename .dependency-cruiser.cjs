/**
 * Which folder may import which: `npm run lint` (and `npm run lint:imports` alone) fails on any
 * import these rules forbid. test/infra/import-rules.test.ts proves each rule bites.
 * There is no list of exceptions: an import that breaks a rule is moved, not excused.
 */

/** What every feature of shared/ may use; none of it may reach into a feature. */
const common =
  '^shared/(?:(?:data|common|measure|auth|http|crypto|mail)/|(?:config|errors|logger|use-case)\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle: the modules cannot be read, tested or loaded one without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file: a rule cannot be checked on what is not found.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'web-shared-not-functions',
      severity: 'error',
      comment:
        'functions/ holds the doorways; the portal and the features must not depend on them.',
      from: { path: '^(?:web|shared)/' },
      to: { path: '^functions/' },
    },
    {
      name: 'shared-not-web-infra',
      severity: 'error',
      comment:
        'shared/ is what the doorways share: it knows neither the portal nor the infrastructure.',
      from: { path: '^shared/' },
      to: { path: '^(?:web|infra)/' },
    },
    {
      name: 'functions-not-web',
      severity: 'error',
      comment: 'Only the portal function serves the portal, through its app.',
      from: { path: '^functions/', pathNot: '^functions/portal/handler\\.ts$' },
      to: { path: '^web/' },
    },
    {
      name: 'portal-function-only-web-app',
      severity: 'error',
      comment: 'The portal function mounts web/app.tsx and nothing else of web/.',
      from: { path: '^functions/portal/handler\\.ts$' },
      to: { path: '^web/', pathNot: '^web/app\\.tsx$' },
    },
    {
      name: 'common-not-features',
      severity: 'error',
      comment:
        'The common folders of shared/ (data, common, measure, auth, http, crypto, mail, config, errors, logger, use-case) serve the features and must not import one.',
      from: { path: common },
      to: { path: '^shared/', pathNot: common },
    },
  ],
  options: {
    // TypeScript 7 has no compiler API dependency-cruiser can use yet: swc parses instead. It keeps
    // `import type`, so type-only cycles are found too.
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(?:^|/)(?:cdk\\.out|\\.data)/' },
    enhancedResolveOptions: {
      // Subpath exports such as `hono/aws-lambda`.
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
