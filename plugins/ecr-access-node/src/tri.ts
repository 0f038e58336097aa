/**
 * Three-valued truth: what the engine cannot decide stays undecided, and
 * the connectives below are Kleene's, so an undecided input never yields a
 * decided answer it could not justify.
 */
export type Tri = 'true' | 'false' | 'undecided';

/** Kleene conjunction: false wins, then undecided. @internal */
export function and3(...values: Tri[]): Tri {
  if (values.includes('false')) return 'false';
  return values.includes('undecided') ? 'undecided' : 'true';
}

/** Kleene disjunction: true wins, then undecided. @internal */
export function or3(...values: Tri[]): Tri {
  if (values.includes('true')) return 'true';
  return values.includes('undecided') ? 'undecided' : 'false';
}

/** Kleene negation. @internal */
export function not3(value: Tri): Tri {
  if (value === 'undecided') return 'undecided';
  return value === 'true' ? 'false' : 'true';
}

/** A decided boolean as a Tri. @internal */
export function tri(value: boolean): Tri {
  return value ? 'true' : 'false';
}

/** Whether any item satisfies a three-valued predicate (stops at the first true). @internal */
export function someTri<T>(items: readonly T[], test: (item: T) => Tri): Tri {
  let result: Tri = 'false';
  for (const item of items) {
    const r = test(item);
    if (r === 'true') return 'true';
    if (r === 'undecided') result = 'undecided';
  }
  return result;
}

/** Whether every item satisfies a three-valued predicate (stops at the first false). @internal */
export function everyTri<T>(items: readonly T[], test: (item: T) => Tri): Tri {
  return not3(someTri(items, item => not3(test(item))));
}
