import { classifyCluster } from './classify';
import { awsFactsNeeded } from './factsNeeded';
import { withRolloutTemplates } from './rolloutTemplates';
import {
  deployment,
  iam,
  NOW,
  REGISTRY,
  snapshot,
} from './__fixtures__/classify.builders';
import { rollout } from './__fixtures__/classify.rollouts';

/**
 * A Rollout that references a Deployment (`spec.workloadRef`, Argo Rollouts' "Migrating to
 * Rollouts"): the Deployment, scaled to zero, keeps the template, and carries no entity label.
 */
function referencing(deploymentName: string) {
  const { spec, ...rest } = rollout();
  const { template: _unused, ...withoutTemplate } = spec;
  return {
    ...rest,
    spec: {
      ...withoutTemplate,
      workloadRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: deploymentName,
        scaleDown: 'progressively',
      },
    },
  };
}

const TEMPLATE_IMAGE = `${REGISTRY}/shop/web:2.0.0`;

function templateDeployment() {
  const d = deployment({ name: 'web-template', image: TEMPLATE_IMAGE });
  return {
    ...d,
    metadata: { ...d.metadata, labels: { app: 'web' } },
    spec: { ...d.spec, replicas: 0 },
  };
}

const rolloutStatus = (s: ReturnType<typeof snapshot>) =>
  classifyCluster(s, iam(), NOW).find(w => w.kind === 'Rollout')!;

describe('Argo Rollouts with spec.workloadRef', () => {
  it("classifies the Rollout by the referenced Deployment's pod template", () => {
    const status = rolloutStatus(
      snapshot({
        deployments: [templateDeployment()],
        rollouts: [referencing('web-template')],
      }),
    );
    expect(status).toMatchObject({ name: 'web', health: 'ok' });
    expect(status.entityRefs).toEqual([]);
    expect(status.containers.map(c => c.image)).toEqual([TEMPLATE_IMAGE]);
  });

  it("reads the facts of the referenced template for the Rollout's entity alone", () => {
    // The Deployment carries no entity label: only the Rollout, through it, needs shop/web.
    const needed = awsFactsNeeded(
      snapshot({
        deployments: [templateDeployment()],
        rollouts: [referencing('web-template')],
      }),
      {
        entities: [{ entityRef: 'component:default/web', kubernetesId: 'web' }],
      },
    );
    expect(JSON.stringify(needed)).toContain('shop/web');
  });

  it('is unknown, never ok, when the referenced Deployment was not read', () => {
    const status = rolloutStatus(
      snapshot({ deployments: [], rollouts: [referencing('web-template')] }),
    );
    expect(status.health).toBe('unknown');
    expect(status.findings.map(f => f.code)).toEqual(['INPUT_MALFORMED']);
    expect(status.findings[0].message).toContain('no pod template containers');
  });

  it("ignores the Rollout's own template while it references a Deployment, and changes nothing given", () => {
    const own = rollout({ image: `${REGISTRY}/shop/own:1` });
    const both = {
      ...own,
      spec: {
        ...own.spec,
        workloadRef: { kind: 'Deployment', name: 'web-template' },
      },
    };
    const given = snapshot({
      deployments: [templateDeployment()],
      rollouts: [both],
    });
    const before = JSON.stringify(given);
    const [resolved] = withRolloutTemplates(given).rollouts as Array<
      typeof both
    >;
    expect(resolved.spec.template.spec.containers[0].image).toBe(
      TEMPLATE_IMAGE,
    );
    expect(JSON.stringify(given)).toBe(before);
  });
});
