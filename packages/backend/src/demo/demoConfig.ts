import type { Config } from '@backstage/config';
import os from 'node:os';
import path from 'node:path';

/** `ecrAccessDemo.sandbox` (config.d.ts of this package). */
export interface DemoSandboxConfig {
  enabled: boolean;
  publishDirectory: string;
}

/**
 * Reads `ecrAccessDemo.sandbox`. Off unless set: the demo's actions apply manifests and register
 * local files, which a real installation must not offer.
 */
export function readDemoSandboxConfig(config: Config): DemoSandboxConfig {
  const demo = config.getOptionalConfig('ecrAccessDemo.sandbox');
  return {
    enabled: demo?.getOptionalBoolean('enabled') ?? false,
    publishDirectory: path.resolve(
      demo?.getOptionalString('publishDirectory') ??
        path.join(os.tmpdir(), 'ecr-access-demo', 'published'),
    ),
  };
}
