import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  IamFacts,
  classifyWorkload,
  normalizeIssuer,
  PolicyInput,
} from '@ecr-access/plugin-ecr-access-node';
import { Sandbox } from '@ecr-access/sandbox';
import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { sandboxKubeConfig } from '@ecr-access/test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  platformIamClient,
  mockContext,
  sandboxConfig,
  sandboxOptions,
  useProvisioningSandbox,
} from '../__testUtils__/sandbox';
import { BOUNDARY, PLATFORM } from '../__fixtures__/provisioningScenario';
import { expectNothingSecretSaid } from '@ecr-access/test-utils';
import { createProvisionIrsaAction } from './provisionIrsa';
import { createRenderManifestsAction } from './renderManifests';

// What the status engine says about a service provisioned by these actions: the ServiceAccount
// as the cluster holds it, the Deployment as rendered, the role as IAM holds it.
describe('status of a provisioned service', () => {
  let sandbox: Sandbox;
  let iam: IAMClient;
  const workspace = createMockDirectory();
  useProvisioningSandbox(async started => {
    sandbox = started;
    iam = platformIamClient(sandbox);
  });
  // No output, log line, checkpoint value or audit event holds a secret.
  afterEach(() => expectNothingSecretSaid(sandbox));

  async function read<T>(text: string | undefined): Promise<T> {
    return JSON.parse(decodeURIComponent(text!));
  }

  /** A managed policy's default version's document, as IAM holds it. */
  async function policyDocument(arn: string): Promise<PolicyInput> {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const { PolicyVersion } = await iam.send(
      new GetPolicyVersionCommand({
        PolicyArn: arn,
        VersionId: Policy!.DefaultVersionId!,
      }),
    );
    return read(PolicyVersion!.Document);
  }

  /**
   * The node role of a cluster without `nodeRole` in the scenario: its default nodes run with
   * the sandbox's self-managed profile, holding `<cluster>-NodeInstanceRole` (the sandbox's
   * README), read from IAM as the audit reads it.
   */
  async function nodeRoleFacts(clusterName: string) {
    const RoleName = `${clusterName}-NodeInstanceRole`;
    const { Role } = await iam.send(new GetRoleCommand({ RoleName }));
    const { AttachedPolicies } = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName }),
    );
    return {
      arn: Role!.Arn!,
      exists: true,
      trustPolicy: await read<PolicyInput>(Role!.AssumeRolePolicyDocument),
      inlinePolicies: [],
      managedPolicies: await Promise.all(
        (AttachedPolicies ?? []).map(p => policyDocument(p.PolicyArn!)),
      ),
    };
  }

  async function iamFacts(
    roleName: string,
    issuer: string,
    region: string,
    nodeRole: Awaited<ReturnType<typeof nodeRoleFacts>>,
  ): Promise<IamFacts> {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleName }));
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'ecr-pull' }),
    );
    return {
      roles: [
        {
          arn: Role!.Arn!,
          exists: true,
          trustPolicy: await read(Role!.AssumeRolePolicyDocument),
          inlinePolicies: [await read(PolicyDocument)],
          managedPolicies: [],
          permissionsBoundary: await policyDocument(BOUNDARY),
        },
        nodeRole,
      ],
      oidcProviders: { [PLATFORM]: [normalizeIssuer(issuer)] },
      repositories: [
        { accountId: PLATFORM, region, name: 'payments/api', exists: true },
      ],
    };
  }

  async function provisionAndClassify(clusterName: string, name: string) {
    const c = sandbox.clusters.find(x => x.name === clusterName)!;
    const input = {
      cluster: clusterName,
      namespace: 'payments',
      serviceAccountName: name,
      repositories: ['payments/api'],
      entityRef: `component:default/${name}`,
    };
    await createProvisionIrsaAction(sandboxOptions(sandbox)).handler(
      mockContext(input) as any,
    );
    workspace.clear();
    await createRenderManifestsAction({
      config: sandboxConfig(sandbox),
    }).handler(
      createMockActionContext({
        input: {
          name,
          namespace: 'payments',
          serviceAccountName: name,
          image: `${PLATFORM}.dkr.ecr.${c.region}.amazonaws.com/payments/api:1.0.0`,
          roleArn: `arn:aws:iam::${PLATFORM}:role/backstage/irsa-payments-${name}`,
          cluster: clusterName,
        },
        workspacePath: workspace.path,
      }) as any,
    );
    const deployment = parse(
      fs.readFileSync(
        path.join(workspace.path, 'kubernetes/deployment.yaml'),
        'utf8',
      ),
    );
    const kubeConfig = sandboxKubeConfig(sandbox, c.name);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const rbac = kubeConfig.makeApiClient(RbacAuthorizationV1Api);
    const serviceAccount = await core.readNamespacedServiceAccount({
      name,
      namespace: 'payments',
    });
    // What the audit reads besides: the Nodes and the cluster RBAC that tell whether the
    // kubelets of a service-account-token cluster can get the role's token.
    const asJson = (list: { items: unknown[] }) =>
      JSON.parse(JSON.stringify(list.items));
    const nodes = asJson(await core.listNode());
    const clusterRoles = asJson(await rbac.listClusterRole());
    const clusterRoleBindings = asJson(await rbac.listClusterRoleBinding());
    const nodeRole = await nodeRoleFacts(c.name);
    return classifyWorkload(
      {
        cluster: {
          name: c.name,
          accountId: c.account,
          region: c.region,
          partition: 'aws',
          oidcIssuer: c.oidcIssuer,
          imagePullAuth: c.imagePullAuth,
          // As configured: with no node role known, a node-role pull is unknown.
          nodeRoleArns: [nodeRole.arn],
        },
        deployments: [deployment],
        serviceAccounts: [JSON.parse(JSON.stringify(serviceAccount))],
        secrets: [],
        nodes,
        clusterRoles,
        clusterRoleBindings,
        entities: [
          { entityRef: `component:default/${name}`, kubernetesId: name },
        ],
      },
      await iamFacts(`irsa-payments-${name}`, c.oidcIssuer, c.region, nodeRole),
      new Date(),
      'Deployment',
      deployment,
    );
  }

  it('says pulls use IRSA on a service-account-token cluster, healthy', async () => {
    const status = await provisionAndClassify('prod-use1', 'status-api');
    expect(status).toMatchObject({
      entityRefs: ['component:default/status-api'],
      pullAuth: 'service-account-role',
      runtimeIdentity: 'irsa',
      health: 'ok',
      findings: [],
    });
  });

  it('says honestly that the node role pulls on a node-role cluster', async () => {
    const status = await provisionAndClassify('shared-usw2', 'status-west');
    expect(status).toMatchObject({
      pullAuth: 'node-role',
      runtimeIdentity: 'irsa',
      health: 'ok',
    });
    // The role serves the pods' own AWS calls; the kubelets pull with the node role.
    expect(status.findings.map(f => f.code)).toEqual([
      'IRSA_NOT_USED_FOR_PULLS',
    ]);
  });
});
