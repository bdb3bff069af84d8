import { Button } from '@gatehouse/ui/button';
import { Spinner } from '@gatehouse/ui/spinner';

type LoadMoreProps = {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  shown: number;
  /** What the rows are, e.g. ['member', 'members']. */
  noun: [one: string, many: string];
};

/** Cursor pagination's footer: how many rows are on screen, and the next page on request. */
export function LoadMore({ hasMore, loading, onLoad, shown, noun }: LoadMoreProps) {
  const rows = `${shown} ${shown === 1 ? noun[0] : noun[1]}`;
  return (
    <div className="flex flex-wrap items-center justify-between gap-4 border-t px-6 py-3">
      <p className="text-xs text-muted-foreground" aria-live="polite">
        {hasMore ? `Showing the first ${rows}` : `Showing ${shown === 1 ? '' : 'all '}${rows}`}
      </p>
      {hasMore ? (
        <Button variant="outline" size="sm" onClick={onLoad} disabled={loading} aria-busy={loading}>
          {loading ? <Spinner /> : null}
          Load more
        </Button>
      ) : null}
    </div>
  );
}
