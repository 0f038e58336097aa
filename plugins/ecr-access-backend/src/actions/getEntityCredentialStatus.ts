import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  EntityStatusResponse,
  entityStatusResponseSchema,
  findingDefinition,
  findingSchema,
} from '@ecr-access/plugin-ecr-access-common';
import { z } from 'zod/v4';
import {
  entityOfInput,
  entityPath,
  entityRefInputSchema,
} from './entityRefInput';
import type { OwnApi } from './ownApi';
import { toZodV3Object } from './zodV3';

/**
 * The route's status with each finding's title from the finding catalog: the card shows
 * the title above the message, and an assistant reads it the same way.
 */
const statusWithTitlesSchema = entityStatusResponseSchema.extend({
  findings: z
    .array(
      findingSchema.extend({
        title: z
          .string()
          .describe("The finding code's one-line title, from the catalog."),
      }),
    )
    .describe('Every finding once.'),
});

export type StatusWithTitles = z.infer<typeof statusWithTitlesSchema>;

function withTitles(status: EntityStatusResponse): StatusWithTitles {
  return {
    ...status,
    findings: status.findings.map(f => ({
      ...f,
      title: findingDefinition(f.code).title,
    })),
  };
}

/**
 * `get-entity-credential-status`: what `GET /entities/{kind}/{namespace}/{name}/status`
 * serves, asked as the caller. An entity the caller may not read answers as one that does
 * not exist, since the route does.
 */
export function registerGetEntityCredentialStatus(
  actionsRegistry: ActionsRegistryService,
  api: OwnApi,
) {
  actionsRegistry.register({
    name: 'get-entity-credential-status',
    title: 'Get how an entity pulls its ECR images',
    description:
      "How the EKS workloads of one catalog entity authenticate their ECR image pulls, as ecr-access last audited them: a one-sentence summary, the health (ok, warning, unknown, error), the pull mechanisms (service-account-role is IRSA for pulls; node-role, fargate-role, rotating-secret, static-secret, anonymous), each cluster's audit state, each finding with its code, title, severity, subject and remediation, and every workload and container. Use it to answer e.g. 'how does payments-api pull its images?' or 'why is payments-api unhealthy?'. An entity you may not read in the catalog, or that ecr-access does not audit, is not found.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: entityRefInputSchema,
      output: zod => toZodV3Object(statusWithTitlesSchema, zod),
    },
    action: async ({ input, credentials }) => {
      const path = `${entityPath(entityOfInput(input))}/status`;
      const status = (await api.get(path, credentials)) as EntityStatusResponse;
      return { output: withTitles(status) };
    },
  });
}
