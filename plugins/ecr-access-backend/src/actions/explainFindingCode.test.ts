import { mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import {
  FINDING_CODES,
  findingDefinition,
} from '@ecr-access/plugin-ecr-access-common';
import { explain, registerExplainFindingCode } from './explainFindingCode';

describe('the explain-finding-code action', () => {
  const registry = actionsRegistryServiceMock({
    logger: mockServices.logger.mock(),
  });
  registerExplainFindingCode(registry);
  const invoke = (input: object) =>
    registry.invoke({ id: 'test:explain-finding-code', input });

  it.each(FINDING_CODES)(
    "answers %s with the finding catalog's title, severity and remediation",
    async code => {
      const { title, severity, remediation } = findingDefinition(code);
      const { output } = await invoke({ code });
      expect(output).toEqual({
        code,
        title,
        severity,
        remediation,
        explanation: expect.stringContaining(title),
      });
    },
  );

  it('says what the severity does to health', () => {
    expect(explain('SECRET_EXPIRED').explanation).toMatch(/at best error\.$/);
    expect(explain('SECRET_EXPIRES_SOON').explanation).toMatch(
      /at best warning\.$/,
    );
    expect(explain('CLUSTER_UNREACHABLE').explanation).toMatch(
      /at best unknown\.$/,
    );
    expect(explain('IRSA_NOT_USED_FOR_PULLS').explanation).toMatch(
      /does not lower the health/,
    );
  });

  it('reads a code in any case, around spaces', async () => {
    const { output } = await invoke({ code: ' secret_expired ' });
    expect(output).toMatchObject({ code: 'SECRET_EXPIRED' });
  });

  it('rejects an unknown code with an error naming the field and the known codes', async () => {
    await expect(invoke({ code: 'SECRET_STOLEN' })).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^Unknown finding code in 'code': 'SECRET_STOLEN'; known codes: SECRET_EXPIRED, /,
      ),
    });
  });

  it('rejects an input without a code', async () => {
    await expect(invoke({})).rejects.toMatchObject({ name: 'InputError' });
  });
});
