/**
 * Architecture rules (DESIGN.md "The arrows point one way"), checked in CI by
 * `pnpm run check:architecture`: providers -> core; testing -> core; cli -> providers + testing;
 * redis -> core. Core never imports a provider; a provider never imports another provider or
 * @auth/testing; no import cycles anywhere. Workspace packages resolve through their symlinks
 * to packages/<name>/..., so the rules match on real paths.
 */
const providers = "(metapack|configapi|bynder|imagen)";
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle makes load order matter and hides what depends on what: split the shared part into its own file.",
      from: { path: "^packages/[^/]+/src" },
      to: { circular: true },
    },
    {
      name: "core-imports-no-package",
      severity: "error",
      comment: "Core names no provider and depends on no other package of the family (DESIGN.md).",
      from: { path: "^packages/core/src" },
      to: { path: "^(packages/|@auth/)(?!core(/|$))" },
    },
    {
      name: "provider-imports-no-other-provider",
      severity: "error",
      comment: "A provider depends on core only: users install just the providers they need.",
      from: { path: `^packages/${providers}/src` },
      to: { path: "^(packages/|@auth/)(?!$1(/|$))(metapack|configapi|bynder|imagen|redis|cli|testing)(/|$)" },
    },
    {
      name: "runtime-code-imports-no-testing",
      severity: "error",
      comment: "@auth/testing is for tests and the CLI's demo; library code must not ship it.",
      from: { path: "^packages/(core|metapack|configapi|bynder|imagen|redis)/src" },
      to: { path: "^(packages/|@auth/)testing(/|$)" },
    },
    {
      name: "redis-imports-core-only",
      severity: "error",
      from: { path: "^packages/redis/src" },
      to: { path: "^(packages/|@auth/)(?!(redis|core)(/|$))" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that does not resolve is a missing dependency in package.json.",
      from: { path: "^packages/[^/]+/src" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "/dist/"] },
    exclude: { path: "^packages/[^/]+/test/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "types", "node", "default"], extensions: [".ts", ".js"] },
  },
};
