import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerExplainFindingCode } from './explainFindingCode';
import { registerGetEntityCredentialStatus } from './getEntityCredentialStatus';
import { ownApi } from './ownApi';
import { registerQueryCredentialAudit } from './queryCredentialAudit';

export interface EcrAccessActionsOptions {
  actionsRegistry: ActionsRegistryService;
  auth: AuthService;
  discovery: DiscoveryService;
}

/**
 * The plugin's read-only actions, for AI assistants through the MCP actions backend (and any
 * other caller of the actions registry): an entity's status, the audit query, and a finding
 * code's explanation. The first two answer through the plugin's own routes as the caller.
 */
export function registerEcrAccessActions(options: EcrAccessActionsOptions) {
  const { actionsRegistry, auth, discovery } = options;
  const api = ownApi({ auth, discovery, pluginId: 'ecr-access' });
  registerGetEntityCredentialStatus(actionsRegistry, api);
  registerQueryCredentialAudit(actionsRegistry, api);
  registerExplainFindingCode(actionsRegistry);
}
