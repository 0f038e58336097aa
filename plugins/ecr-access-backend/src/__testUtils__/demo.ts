import type { Entity } from '@backstage/catalog-model';
import type { Sandbox } from '@ecr-access/sandbox';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The repo's examples/ folder: the demo scenario and its catalog entities. */
export const EXAMPLES = path.resolve(__dirname, '../../../../examples');
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

/** The sandbox's two accounts, as `aws.accounts` names them in app-config. */
export const DEMO_AWS_ACCOUNTS = ['111122223333', '444455556666'].map(
  (accountId, i) => ({
    accountId,
    accessKeyId: `AKIAECRACCESSDEMO000${i + 1}`,
    secretAccessKey: 'sandbox',
  }),
);

/** The app-config a backend needs to audit a running sandbox. */
export function sandboxConfig(sandbox: Sandbox) {
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: sandbox.clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.token,
            skipTLSVerify: true,
          })),
        },
      ],
    },
    aws: { accounts: DEMO_AWS_ACCOUNTS },
    ecrAccess: {
      clusters: sandbox.clusters.map(c => ({
        name: c.name,
        accountId: c.account,
        region: c.region,
        imagePullAuth: c.imagePullAuth,
        nodeRoleArns: [`arn:aws:iam::${c.account}:role/eks-node-${c.name}`],
        ...(c.name === 'prod-use1' && {
          fargate: {
            namespaces: ['reports'],
            podExecutionRoleArns: [
              'arn:aws:iam::111122223333:role/eks-fargate-pods-prod-use1',
            ],
          },
        }),
      })),
    },
  };
}
