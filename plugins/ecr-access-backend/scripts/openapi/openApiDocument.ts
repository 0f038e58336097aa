import {
  auditCountsSchema,
  auditFacetsSchema,
  auditItemSchema,
  auditResponseSchema,
  auditRunCountsSchema,
  auditRunErrorSchema,
  auditRunSchema,
  auditRunsResponseSchema,
  clusterAuditStateSchema,
  clusterNodeRoleSchema,
  clusterPullSetupItemSchema,
  clusterPullSetupSchema,
  clusterPullSetupsResponseSchema,
  containerStatusSchema,
  entityHistoryEntrySchema,
  entityPathSchema,
  entityStatusResponseSchema,
  entityStatusSchema,
  errorResponseSchema,
  findingCodeSchema,
  findingSchema,
  findingSeveritySchema,
  healthSchema,
  historyResponseSchema,
  pullAuthSchema,
  pullSecretStatusSchema,
  refresherSummarySchema,
  refreshResponseSchema,
  runtimeIdentitySchema,
  workloadKindSchema,
  workloadStatusSchema,
} from '@ecr-access/plugin-ecr-access-common';
import { stringify } from 'yaml';
import { z } from 'zod/v4';
import { ROUTES } from './routes';

/** The named schemas of the spec (`#/components/schemas/<name>`): -common's contract. */
const COMPONENTS: Record<string, z.ZodType> = {
  Error: errorResponseSchema,
  PullAuth: pullAuthSchema,
  RuntimeIdentity: runtimeIdentitySchema,
  Health: healthSchema,
  FindingSeverity: findingSeveritySchema,
  FindingCode: findingCodeSchema,
  Finding: findingSchema,
  RefresherSummary: refresherSummarySchema,
  PullSecretStatus: pullSecretStatusSchema,
  ContainerStatus: containerStatusSchema,
  WorkloadKind: workloadKindSchema,
  WorkloadStatus: workloadStatusSchema,
  ClusterAuditState: clusterAuditStateSchema,
  EntityStatus: entityStatusSchema,
  EntityStatusResponse: entityStatusResponseSchema,
  RefreshResponse: refreshResponseSchema,
  HistoryEntry: entityHistoryEntrySchema,
  HistoryResponse: historyResponseSchema,
  AuditItem: auditItemSchema,
  AuditCounts: auditCountsSchema,
  AuditResponse: auditResponseSchema,
  AuditFacets: auditFacetsSchema,
  AuditRunError: auditRunErrorSchema,
  AuditRunCounts: auditRunCountsSchema,
  AuditRun: auditRunSchema,
  AuditRunsResponse: auditRunsResponseSchema,
  ClusterNodeRole: clusterNodeRoleSchema,
  ClusterPullSetup: clusterPullSetupSchema,
  ClusterPullSetupItem: clusterPullSetupItemSchema,
  ClusterPullSetupsResponse: clusterPullSetupsResponseSchema,
};

type Json = { [key: string]: any };

const REF = '#/components/schemas/';

/**
 * zod's JSON Schema of the components and of `extra`, each with `$ref`s to the others. Only
 * a whole registry's conversion keeps the descriptions written with `.describe()`.
 */
function jsonSchemas(
  io: 'input' | 'output',
  extra: Record<string, z.ZodType> = {},
): Json {
  const named = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries({ ...COMPONENTS, ...extra })) {
    named.add(schema, { id });
  }
  return z.toJSONSchema(named, { io, uri: id => REF + id }).schemas;
}

/**
 * Plain OpenAPI out of zod's JSON Schema: references to the named components, no
 * `$schema`/`$id`/`$defs`, and no bounds that only say "a JavaScript safe integer".
 */
function tidy(value: unknown): any {
  if (Array.isArray(value)) return value.map(tidy);
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (['$schema', '$id', '$defs'].includes(key)) continue;
    if (key === '$ref' && typeof v === 'string') {
      out[key] = REF + v.replace(/^#\/(\$defs|components\/schemas)\//, '');
    } else if (
      (key === 'minimum' && v === Number.MIN_SAFE_INTEGER) ||
      (key === 'maximum' && v === Number.MAX_SAFE_INTEGER)
    ) {
      continue;
    } else out[key] = tidy(v);
  }
  return out;
}

/** What a query string or path carries (strings), described by -common's schema. */
function parameters(schema: z.ZodObject, where: 'query' | 'path'): Json[] {
  const json = jsonSchemas('input', { parameters: schema }).parameters;
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = tidy(property) as Json;
    return {
      name,
      in: where,
      ...(where === 'path' ? { required: true } : {}),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function operation(route: (typeof ROUTES)[number]): Json {
  const isEntityRoute = route.path.startsWith('/entities/');
  const content: Json = {
    'application/json': { schema: { $ref: REF + route.response.schema } },
  };
  if (route.response.csv) content['text/csv'] = { schema: { type: 'string' } };
  return {
    operationId: route.operationId,
    description: route.description,
    parameters: [
      ...(isEntityRoute
        ? ['kind', 'namespace', 'name'].map(p => ({
            $ref: `#/components/parameters/${p}`,
          }))
        : []),
      ...parameters(route.query, 'query'),
    ],
    responses: {
      '200': { description: route.response.description, content },
      default: { $ref: '#/components/responses/ErrorResponse' },
    },
  };
}

/** The OpenAPI document of the REST API, from -common's schemas and the route table. */
export function openApiDocument(): Json {
  const schemas = jsonSchemas('output');
  const paths: Json = {};
  for (const route of ROUTES) {
    paths[route.path] = {
      ...paths[route.path],
      [route.method]: operation(route),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ecr-access',
      version: '1',
      description:
        "How the EKS workloads of every catalog entity authenticate their ECR image pulls. Every route needs a Backstage user or service token. Read access to an entity's status follows the catalog's read permission for that entity.",
      license: {
        name: 'Apache-2.0',
        url: 'http://www.apache.org/licenses/LICENSE-2.0.html',
      },
    },
    servers: [{ url: '/' }],
    components: {
      parameters: Object.fromEntries(
        parameters(entityPathSchema, 'path').map(p => [p.name, p]),
      ),
      responses: {
        ErrorResponse: {
          description: "An error, in Backstage's error response shape.",
          content: { 'application/json': { schema: { $ref: `${REF}Error` } } },
        },
      },
      schemas: tidy(schemas),
    },
    paths,
  };
}

const HEADER = `# Generated from the contract in @ecr-access/plugin-ecr-access-common (src/api, src/model.ts)
# and the route table in scripts/openapi/routes.ts: do not edit. Regenerate with
#   node --require @backstage/cli/config/nodeTransform.cjs plugins/ecr-access-backend/scripts/generate-openapi.ts
# openapi.test.ts fails when this file differs from what the contract generates.
`;

/** The text of `src/schema/openapi.yaml`. */
export function openApiYaml(): string {
  return (
    HEADER + stringify(openApiDocument(), { lineWidth: 0, singleQuote: true })
  );
}
