import { createBackend } from '@backstage/backend-defaults';
import { demoFeatures } from './features';

const backend = createBackend();
for (const feature of demoFeatures) {
  backend.add(feature);
}
backend.start();
