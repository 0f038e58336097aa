import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ecrAccessAuditRunsReadPermission,
  type ClusterPullSetupsResponse,
} from '@ecr-access/plugin-ecr-access-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ecrAccessApiRef } from '../../api/EcrAccessApi';

/** The clusters' pull set-ups as the audit page reads them, once for its two places. */
export interface ClusterPullSetupsState {
  /** Whether the permission is still being decided. */
  loading: boolean;
  /** Whether the user may read them (`ecr-access.audit.runs.read`). */
  allowed: boolean;
  value?: ClusterPullSetupsResponse;
  error?: Error;
  retry: () => void;
}

/**
 * `GET /audit/clusters`, for those allowed to read it: role ARNs and cluster config describe
 * clusters rather than entities, so the runs' permission decides, not the catalog's read.
 * Without it nothing is fetched (no 403 shown as an error).
 */
export function useClusterPullSetups(): ClusterPullSetupsState {
  const api = useApi(ecrAccessApiRef);
  const permission = usePermission({
    permission: ecrAccessAuditRunsReadPermission,
  });
  const { allowed } = permission;
  const fetched = useAsyncRetry(
    async () => (allowed ? api.getClusterPullSetups() : undefined),
    [api, allowed],
  );
  return {
    loading: permission.loading || (allowed && fetched.loading),
    allowed,
    value: fetched.value,
    error: fetched.error,
    retry: fetched.retry,
  };
}
