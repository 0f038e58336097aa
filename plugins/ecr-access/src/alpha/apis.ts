import { ApiBlueprint, coreApis } from '@backstage/frontend-plugin-api';
import { ecrAccessApiRef } from '../api/EcrAccessApi';
import { EcrAccessClient } from '../api/EcrAccessClient';

/** The ecr-access backend client. */
export const ecrAccessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ecrAccessApiRef,
      deps: { discoveryApi: coreApis.discovery, fetchApi: coreApis.fetch },
      factory: ({ discoveryApi, fetchApi }) =>
        new EcrAccessClient({ discoveryApi, fetchApi }),
    }),
});
