import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { ecrAccessApiRef } from '../api/EcrAccessApi';
import { EcrAccessClient } from '../api/EcrAccessClient';

/** The ecr-access backend client. */
export const ecrAccessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ecrAccessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new EcrAccessClient({ discoveryApi, fetchApi }),
    }),
});
