import { AwsAccount, AwsState, CallerIdentity } from './model';

/** What every simulated AWS operation gets: the state, who calls, and where. */
export interface AwsContext {
  state: AwsState;
  caller: CallerIdentity;
  region: string;
  now: Date;
}

export function callerAccount(ctx: AwsContext): AwsAccount {
  return ctx.state.accounts.get(ctx.caller.account)!;
}
