import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FINDING_CODES,
  HEALTHS,
  PULL_AUTHS,
} from '@ecr-access/plugin-ecr-access-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EcrAccessStore } from '../database';
import { AUDIT_ERROR_CODES } from '../service/auditErrors';
import { createRouter } from '../service/router';

// The server stub generator needs a Java download this project cannot make, so the router
// validates with zod and the spec documents it; these checks keep the two in step.
const spec = readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8');

/** The values listed under a schema's `enum:` (block or flow style). */
function enumOf(schema: string): string[] {
  const body = spec.match(new RegExp(`\\n {4}${schema}:\\n((?: {6,}.*\\n)+)`));
  const list = body?.[1].slice(body[1].indexOf('enum:') + 5) ?? '';
  const flow = list.match(/^\s*\[([^\]]*)\]/);
  const items = flow
    ? flow[1].split(',')
    : [...list.matchAll(/^\s+- (.+)$/gm)].map(m => m[1]);
  return items.map(v => v.trim().replace(/^'|'$/g, '')).filter(Boolean);
}

describe('openapi.yaml', () => {
  it.each([
    ['PullAuth', PULL_AUTHS],
    ['Health', HEALTHS],
    ['FindingCode', FINDING_CODES],
    ['AuditRunError', AUDIT_ERROR_CODES],
  ])('lists exactly the %s values of -common', (schema, values) => {
    expect([...enumOf(schema)].sort()).toEqual([...values].sort());
  });

  it('documents exactly the routes the router serves', async () => {
    const router = await createRouter({
      store: {} as EcrAccessStore,
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      catalog: catalogServiceMock(),
      auditor: mockServices.auditor.mock(),
    });
    const served = router.stack
      .filter(layer => layer.route)
      .flatMap(layer =>
        Object.keys((layer.route as any).methods).map(
          method => `${method} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
        ),
      )
      .sort();
    const documented = [...spec.matchAll(/^ {2}(\/\S*):\n((?: {4}.*\n)+)/gm)]
      .flatMap(([, path, body]) =>
        [...body.matchAll(/^ {4}(get|post|put|delete):/gm)].map(
          ([, method]) => `${method} ${path}`,
        ),
      )
      .sort();
    expect(served).toEqual(documented);
    expect(served).toHaveLength(5);
  });
});
