export { EntityEcrAccessCard } from './EntityEcrAccessCard';
