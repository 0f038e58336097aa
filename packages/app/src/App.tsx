import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import ecrAccessPlugin from '@ecr-access/plugin-ecr-access/alpha';
import { galleryModule } from './modules/gallery';
import { navModule } from './modules/nav';

// The other installed plugins (scaffolder, Kubernetes, org, user settings) are discovered from
// package.json through `app.packages: all` in app-config.yaml.
export default createApp({
  features: [catalogPlugin, ecrAccessPlugin, navModule, galleryModule],
});
