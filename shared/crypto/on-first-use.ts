/**
 * Tenant keys whose adapter is loaded by the first note sealed or opened (or key provisioned):
 * the AWS Encryption SDK and the KMS client weigh some 300 KB that a function would otherwise
 * read and run at every cold start, while most requests (the caseload, the dashboards) never
 * touch a note. The entry points load their adapter through this; the adapters themselves stay
 * plain modules with static imports.
 */
import type { TenantKeys } from './tenant-keys.ts';

export function keysOnFirstUse(load: () => Promise<TenantKeys>): TenantKeys {
  let loading: Promise<TenantKeys> | undefined;
  const keys = () => {
    if (loading === undefined) {
      loading = load();
      // A failed load (a missing chunk, a bad setting) is tried again by the next call.
      loading.catch(() => {
        loading = undefined;
      });
    }
    return loading;
  };
  return {
    provision: async (tenantId) => (await keys()).provision(tenantId),
    destroy: async (tenantId) => (await keys()).destroy(tenantId),
    seal: async (tenantId, binding, text) => (await keys()).seal(tenantId, binding, text),
    unseal: async (tenantId, binding, sealed) => (await keys()).unseal(tenantId, binding, sealed),
  };
}
