import type { Finding } from '@ecr-access/plugin-ecr-access-common';
import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import {
  MISSING_REPOSITORY_SCENARIO,
  missingRepositoryEntities,
} from './__fixtures__/missingRepositoryScenario';

jest.setTimeout(120_000);

// An image whose ECR repository does not exist, end to end over HTTP: the sandbox's ECR
// answers DescribeRepositories with RepositoryNotFoundException, the real collector records
// it, and the plugin's scheduled audit serves the entity as broken, never as healthy.
describe('an image whose repository does not exist', () => {
  const audited = useAuditedSandbox({
    scenario: MISSING_REPOSITORY_SCENARIO,
    entities: missingRepositoryEntities(),
  });

  async function status(name: string) {
    const res = await audited.plugin.get(
      `/entities/component/default/${name}/status`,
    );
    expect(res.status).toBe(200);
    return res.body as { health: string; findings: Finding[] };
  }

  it('is an error naming the repository, while its neighbour pulls fine', async () => {
    expect(await status('web')).toMatchObject({ health: 'ok' });
    const ghost = await status('ghost');
    expect(ghost.health).toBe('error');
    const finding = ghost.findings.find(
      f => f.code === 'ECR_REPOSITORY_NOT_FOUND',
    );
    expect(finding?.message).toContain('shop/ghost');
    expect(finding?.severity).toBe('error');
  });

  it('is not counted healthy on the audit page', async () => {
    const res = await audited.plugin.get('/audit?health=ok');
    expect(res.status).toBe(200);
    const refs = (res.body.items as Array<{ entityRef: string }>).map(
      i => i.entityRef,
    );
    expect(refs).toEqual(['component:default/web']);
  });
});
