export { registerEcrAccessActions } from './registerEcrAccessActions';
export type { EcrAccessActionsOptions } from './registerEcrAccessActions';
