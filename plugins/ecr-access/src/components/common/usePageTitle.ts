import { useEffect } from 'react';

/**
 * Names the browser tab (and the history entry) after the page: "ECR access audit |
 * Backstage". The BUI header draws no document title of its own; the previous title comes
 * back when the page unmounts.
 */
export function usePageTitle(title: string): void {
  useEffect(() => {
    const previous = document.title;
    const app = previous.includes('|')
      ? previous.slice(previous.lastIndexOf('|') + 1).trim()
      : previous;
    document.title = app ? `${title} | ${app}` : title;
    return () => {
      document.title = previous;
    };
  }, [title]);
}
