// The audit page's Clusters section and its workloads by runtime identity (#20), over the
// demo (examples/sandbox/demo.yaml): prod-use1 pulls with service-account tokens and passes
// the credential provider's preflight for pods without tolerations, not on its tainted legacy
// kubelet 1.33 node group; shared-usw2's node role has AmazonEC2ContainerRegistryReadOnly
// (NODE_ROLE_TOO_BROAD); edge-euw1 is down from start-up: unknown, never healthy.
import { join } from 'node:path';

function clusterCard(page, cluster) {
  return page
    .getByRole('list', { name: 'Clusters' })
    .getByRole('article', { name: cluster });
}

/** The value (<dd>) of a card's labelled field. */
function field(card, label) {
  return card
    .locator('dt', { hasText: label })
    .locator('xpath=following-sibling::dd[1]');
}

async function openClusters(page, appUrl) {
  await page.goto(`${appUrl}/ecr-access`);
  await clusterCard(page, 'prod-use1').waitFor({ timeout: 30_000 });
}

/** Throws unless `locator`'s text matches every pattern. */
async function expectText(locator, patterns, what) {
  const text = (await locator.textContent()) ?? '';
  const missing = patterns.filter(p => !p.test(text));
  if (missing.length) {
    throw new Error(`${what} reads "${text}", without ${missing.join(', ')}`);
  }
}

export function clusterChecks({ appUrl, artifacts }) {
  return [
    {
      name: "clusters: prod-use1's service-account-token preflight, shared-usw2's node role too broad, edge-euw1 unknown",
      async run(page) {
        await openClusters(page, appUrl);
        const prod = clusterCard(page, 'prod-use1');
        await expectText(
          field(prod, 'Kubelets pull with'),
          [/^Service-account tokens \(IRSA for pulls, KEP-4412\)/],
          "prod-use1's pull mode",
        );
        await expectText(
          field(prod, 'Credential provider'),
          [
            /^Ready: kubelets 1\.34 or later/,
            /For pods without tolerations/,
            // The legacy-1-33 node group, tainted: for the pods that tolerate it.
            /On tainted nodes, for pods that tolerate them:.*not set up for it.*kubelets older than 1\.34 on .*\(v1\.33\)/,
          ],
          "prod-use1's preflight",
        );
        await expectText(
          field(prod, 'Node roles'),
          [
            /eks-node-prod-use1 \(config, node group default, node group legacy-1-33\): Nothing beyond pulling/,
          ],
          "prod-use1's node roles",
        );
        const shared = clusterCard(page, 'shared-usw2');
        const roles = field(shared, 'Node roles');
        await expectText(
          roles,
          [
            /eks-node-shared-usw2/,
            /The node role may do more with ECR than pulling needs/,
            /Beyond pulling: .*ecr:ListImages/,
          ],
          "shared-usw2's node roles",
        );
        const code = await roles
          .locator('[data-finding-code]')
          .first()
          .getAttribute('title');
        if (code !== 'NODE_ROLE_TOO_BROAD') {
          throw new Error(`the too-broad role's tooltip says ${code}`);
        }
        await expectText(
          field(shared, 'Credential provider'),
          [/^Not used: the kubelets pull with the node role/],
          "shared-usw2's preflight",
        );
        const edge = clusterCard(page, 'edge-euw1');
        await expectText(
          field(edge, 'Audit'),
          [
            /^Unknown since (.* ago|just now): the latest audit could not read it, and none ever has\./,
          ],
          "edge-euw1's state",
        );
        if ((await edge.locator('[data-tone="ok"]').count()) > 0) {
          throw new Error('edge-euw1, never read, shows something healthy');
        }
        await page
          .getByRole('region', { name: 'Clusters' })
          .screenshot({ path: join(artifacts, 'audit-clusters.png') });
      },
    },
    {
      name: "clusters: workloads by runtime identity summed over the clusters' reads, edge-euw1 not counted",
      async run(page) {
        await openClusters(page, appUrl);
        const section = page.getByRole('region', {
          name: 'Workloads by runtime identity',
        });
        const items = await section
          .getByRole('list', { name: 'Workloads by runtime identity' })
          .getByRole('listitem')
          .allTextContents();
        const counted = Object.fromEntries(
          items.map(i => /^(.*): (\d+)$/.exec(i)?.slice(1) ?? [i, 'NaN']),
        );
        for (const identity of ['IRSA', 'EKS Pod Identity', 'Node role']) {
          if (!(Number(counted[identity]) > 0)) {
            throw new Error(
              `no ${identity} count among ${JSON.stringify(items)}`,
            );
          }
        }
        await expectText(
          section,
          [
            /counted in workloads \(not entities\)/,
            /Not counted, never read: edge-euw1\./,
          ],
          'the runtime identity note',
        );
        // Each count is the sum of the cards' counts of that identity.
        const cards = await page
          .getByRole('list', { name: 'Clusters' })
          .locator('li li')
          .allTextContents();
        const sum = cards
          .flatMap(line => [...line.matchAll(/IRSA (\d+)/g)])
          .reduce((n, m) => n + Number(m[1]), 0);
        if (sum !== Number(counted.IRSA)) {
          throw new Error(`IRSA ${counted.IRSA} on top, ${sum} over the cards`);
        }
      },
    },
  ];
}
