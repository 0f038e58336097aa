import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  AuditResponse,
  auditResponseSchema,
} from '@ecr-access/plugin-ecr-access-common';
import { auditQueryInputSchema, auditQueryString } from './auditQueryInput';
import type { OwnApi } from './ownApi';
import { toZodV3Object } from './zodV3';

/**
 * `query-credential-audit`: a page of `GET /audit` with the audit page's filters, asked as
 * the caller, so that it lists only the entities the caller may read in the catalog.
 */
export function registerQueryCredentialAudit(
  actionsRegistry: ActionsRegistryService,
  api: OwnApi,
) {
  actionsRegistry.register({
    name: 'query-credential-audit',
    title: 'Query the ECR pull-credential audit',
    description:
      "Lists the catalog entities ecr-access audits, with how their EKS workloads authenticate ECR image pulls, filtered as on the audit page: by pull mechanism (e.g. static-secret, rotating-secret, node-role, service-account-role for IRSA), health, finding code (e.g. SECRET_EXPIRED), owner, cluster, stale, or text. Returns one page (limit, offset; sort with orderBy, order), the total count, and counts by mechanism and by health over every matching entity. Use it for questions such as 'which services still use static pull secrets?' or 'what is unhealthy on prod-use1?'. Lists only entities you may read in the catalog.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: auditQueryInputSchema,
      output: zod => toZodV3Object(auditResponseSchema, zod),
    },
    action: async ({ input, credentials }) => {
      const page = (await api.get(
        `/audit${auditQueryString(input)}`,
        credentials,
      )) as AuditResponse;
      return { output: page };
    },
  });
}
