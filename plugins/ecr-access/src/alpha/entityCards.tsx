import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isEcrAccessAvailable } from '../conditions';

/** The card on the overview page of every entity whose workloads the audit can find. */
export const ecrAccessEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isEcrAccessAvailable,
    loader: () =>
      import('../components/EntityEcrAccessCard').then(m => (
        <m.EntityEcrAccessCard />
      )),
  },
});
