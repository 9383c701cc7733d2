import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';

interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

/**
 * A keyset-paginated list of the API (`pageToken` of the previous page's `nextPageToken`), loaded a page at a time:
 * the rows so far, and `more` while the API has another page.
 */
export function usePagedList<T>(queryKey: QueryKey, fetchPage: (pageToken?: string) => Promise<Page<T>>,
  options: { refetchInterval?: number; enabled?: boolean } = {}) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextPageToken,
    refetchInterval: options.refetchInterval,
    enabled: options.enabled,
  });
  return {
    ...query,
    rows: query.data?.pages.flatMap((page) => page.items) ?? [],
    more: query.hasNextPage,
  };
}

export const PAGE_SIZE = 50;
