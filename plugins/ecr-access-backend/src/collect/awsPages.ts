/**
 * Every item of a paginated AWS list (an SDK `paginate…` iterator), counting one operation
 * per page: the sandbox and the benchmarks count the requests.
 */
export async function allPages<Page, Item>(
  pages: AsyncIterable<Page>,
  countPage: () => void,
  itemsOf: (page: Page) => Item[],
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) {
    countPage();
    items.push(...itemsOf(page));
  }
  return items;
}
