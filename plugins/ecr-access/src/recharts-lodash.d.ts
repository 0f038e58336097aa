// recharts 2.15's own type declarations import `DebouncedFunc` from 'lodash', and this repo has
// no @types/lodash, so `tsc --skipLibCheck false` (what `backstage-repo-tools api-reports --tsc`
// runs) fails inside node_modules/recharts. This declares just that one type. Delete this file
// once @types/lodash is a devDependency.
declare module 'lodash' {
  export type DebouncedFunc<T extends (...args: any[]) => any> = T & {
    cancel(): void;
    flush(): ReturnType<T> | undefined;
  };
}
