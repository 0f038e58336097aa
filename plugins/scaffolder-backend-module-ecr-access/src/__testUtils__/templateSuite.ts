import type { Sandbox } from '@ecr-access/sandbox';
import { useProvisioningSandbox } from './sandbox';
import { startScaffolder } from './scaffolderBackend';

/**
 * The scaffolder with this module over the provisioning sandbox, for a suite of template
 * tests: started once the sandbox is up, with the catalog holding `entities`, and stopped
 * before the sandbox. `starting` and `stopped` set and restore what the backend runs under.
 */
export function useTemplateSuite(
  entities: object[],
  around: { starting?: () => void; stopped?: () => void } = {},
): { sandbox: () => Sandbox; baseUrl: () => string } {
  let baseUrl: string | undefined;
  let stop: (() => Promise<void>) | undefined;
  const sandbox = useProvisioningSandbox(
    async started => {
      around.starting?.();
      ({ baseUrl, stop } = await startScaffolder(started, entities));
    },
    async () => {
      await stop?.();
      around.stopped?.();
    },
  );
  return {
    sandbox,
    baseUrl: () => {
      if (!baseUrl) throw new Error('the scaffolder starts in beforeAll');
      return baseUrl;
    },
  };
}
