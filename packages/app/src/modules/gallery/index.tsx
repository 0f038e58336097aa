import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import ViewModuleIcon from '@material-ui/icons/ViewModule';

/** The gallery of the entity card's states (the sidebar links it: see ../nav/Sidebar.tsx). */
const cardGalleryPage = PageBlueprint.make({
  name: 'ecr-access-card-gallery',
  params: {
    path: '/ecr-access/gallery',
    title: 'ECR card states',
    icon: <ViewModuleIcon fontSize="inherit" />,
    loader: () => import('./CardGallery').then(m => <m.CardGallery />),
  },
});

/** The demo app's own pages: the card gallery. */
export const galleryModule = createFrontendModule({
  pluginId: 'app',
  extensions: [cardGalleryPage],
});
