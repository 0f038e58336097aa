export { ecrAccessPlugin as default } from './plugin';
