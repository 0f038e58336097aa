import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AUDIT_ERROR_CODES,
  FINDING_CODES,
  HEALTHS,
  PULL_AUTHS,
} from '@ecr-access/plugin-ecr-access-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { EcrAccessStore } from '../database';
import { createRouter } from '../service/router';
import { openApiYaml } from '../../scripts/openapi/openApiDocument';
import { ROUTES } from '../../scripts/openapi/routes';

// The server stub generator needs a Java download this project cannot make, so the router
// validates with -common's zod schemas and the spec is generated from the same schemas.
const file = readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8');
const spec = parse(file);

async function servedRoutes(): Promise<string[]> {
  const router = await createRouter({
    store: {} as EcrAccessStore,
    auth: mockServices.auth(),
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    catalog: catalogServiceMock(),
    auditor: mockServices.auditor.mock(),
  });
  return router.stack
    .filter(layer => layer.route)
    .flatMap(layer =>
      Object.keys((layer.route as any).methods).map(
        method => `${method} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
      ),
    )
    .sort();
}

describe('openapi.yaml', () => {
  it('is exactly what the contract of -common generates (regenerate, never edit)', () => {
    // On failure: node --require @backstage/cli/config/nodeTransform.cjs
    //   plugins/ecr-access-backend/scripts/generate-openapi.ts
    expect(file).toBe(openApiYaml());
  });

  it.each([
    ['PullAuth', PULL_AUTHS],
    ['Health', HEALTHS],
    ['FindingCode', FINDING_CODES],
  ])('lists exactly the %s values of -common', (schema, values) => {
    expect([...spec.components.schemas[schema].enum].sort()).toEqual(
      [...values].sort(),
    );
  });

  it('lists exactly the audit error codes of -common', () => {
    const { code } = spec.components.schemas.AuditRunError.properties;
    expect([...code.enum].sort()).toEqual([...AUDIT_ERROR_CODES].sort());
  });

  it('documents exactly the routes the router serves', async () => {
    const served = await servedRoutes();
    const documented = Object.entries(spec.paths)
      .flatMap(([path, methods]) =>
        Object.keys(methods as object).map(method => `${method} ${path}`),
      )
      .sort();
    expect(served).toEqual(documented);
    expect(ROUTES.map(r => `${r.method} ${r.path}`).sort()).toEqual(served);
    expect(served).toHaveLength(7);
  });
});
