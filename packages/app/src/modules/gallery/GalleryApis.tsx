import { ApiProvider } from '@backstage/core-app-api';
import {
  useApiHolder,
  type ApiHolder,
  type ApiRef,
} from '@backstage/core-plugin-api';
import {
  ecrAccessApiRef,
  type EcrAccessApi,
} from '@ecr-access/plugin-ecr-access';
import { useMemo, type ReactNode } from 'react';

/**
 * The app's APIs, with the ecr-access client replaced by `api` for the children: the cards
 * under it read the gallery's statuses, while permissions, theme and the rest stay the app's.
 */
export function GalleryApis(props: { api: EcrAccessApi; children: ReactNode }) {
  const parent = useApiHolder();
  const { api } = props;
  const apis = useMemo<ApiHolder>(
    () => ({
      get<T>(ref: ApiRef<T>): T | undefined {
        // The one ref replaced: the ids match, so T is EcrAccessApi.
        return ref.id === ecrAccessApiRef.id
          ? (api as unknown as T)
          : parent.get(ref);
      },
    }),
    [api, parent],
  );
  return <ApiProvider apis={apis}>{props.children}</ApiProvider>;
}
