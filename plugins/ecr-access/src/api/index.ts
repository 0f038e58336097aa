export { ecrAccessApiRef } from './EcrAccessApi';
export type { EcrAccessApi } from './EcrAccessApi';
export { EcrAccessClient } from './EcrAccessClient';
// The wire types are -common's contract; re-exported because installers import them from here.
export type {
  AuditCounts,
  AuditFilter,
  AuditItem,
  AuditOrderField,
  AuditQuery,
  AuditResponse,
  AuditRun,
  AuditRunCounts,
  AuditRunsQuery,
  EntityHistoryEntry,
  EntityStatusResponse,
  HistoryQuery,
  RefreshResponse,
} from '@ecr-access/plugin-ecr-access-common';
