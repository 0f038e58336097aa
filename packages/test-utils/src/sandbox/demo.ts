import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The repo's examples/ folder: the demo scenario and its catalog entities. */
export const EXAMPLES = resolvePackagePath(
  '@ecr-access/test-utils',
  '../../examples',
);

/** The demo's sandbox scenario: three clusters, two accounts, one entity per mechanism. */
export const DEMO_SCENARIO = path.join(EXAMPLES, 'sandbox/demo.yaml');

/** The demo's catalog Components (examples/entities/demo-services.yaml). */
export function demoEntities(): Entity[] {
  const text = fs.readFileSync(
    path.join(EXAMPLES, 'entities/demo-services.yaml'),
    'utf8',
  );
  return parseAllDocuments(text)
    .map(doc => doc.toJS())
    .filter(e => e?.kind === 'Component');
}

/** The demo's two accounts, as `aws.accounts` names them (examples/sandbox/demo.yaml). */
export const DEMO_AWS_ACCOUNTS = ['111122223333', '444455556666'].map(
  (accountId, i) => ({
    accountId,
    accessKeyId: `AKIAECRACCESSDEMO000${i + 1}`,
    secretAccessKey: 'sandbox',
  }),
);
