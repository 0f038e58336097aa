import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** The plugin's REST API, asked on behalf of an action's caller. */
export interface OwnApi {
  /** GETs `path` (below the plugin's base URL) as `credentials`; its JSON body. */
  get(path: string, credentials: BackstageCredentials): Promise<unknown>;
}

/**
 * The actions answer through the plugin's own routes, as the caller, the way the catalog's
 * actions go through its CatalogService: what an action returns is then what the route
 * serves, after the route's own validation and catalog permission check, with no second
 * copy of either.
 */
export function ownApi(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  pluginId: string;
}): OwnApi {
  const { auth, discovery, pluginId } = options;
  return {
    async get(path, credentials) {
      const [baseUrl, { token }] = await Promise.all([
        discovery.getBaseUrl(pluginId),
        auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: pluginId,
        }),
      ]);
      const response = await fetch(`${baseUrl}${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      // The route's own error (NotFoundError, InputError, ...), so that the action answers
      // with the same status and message, and the MCP client reads e.g. "NotFoundError: ...".
      if (!response.ok)
        throw (await ResponseError.fromResponse(response)).cause;
      return response.json();
    },
  };
}
