export { EcrAccessAuditContent } from './EcrAccessAuditContent';
export { EcrAccessAuditPage } from './EcrAccessAuditPage';
