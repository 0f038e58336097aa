export { ecrAccessApiRef } from './EcrAccessApi';
export type { EcrAccessApi } from './EcrAccessApi';
export { EcrAccessClient } from './EcrAccessClient';
export type * from './types';
