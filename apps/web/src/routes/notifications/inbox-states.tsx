import { EmptyState } from '@gatehouse/ui/empty-state';
import { Skeleton } from '@gatehouse/ui/skeleton';
import { CheckCheck } from 'lucide-react';

// The inbox's other states: the card swaps one of these in where the list would be.

export function InboxSkeleton() {
  return (
    <div role="status" aria-label="Loading notifications" aria-busy className="divide-y border-t">
      {[0, 1, 2].map((row) => (
        <div key={row} className="grid gap-2 px-6 py-4">
          <Skeleton className="h-4 w-56" />
          <Skeleton className="h-3 w-full max-w-lg" />
        </div>
      ))}
    </div>
  );
}

export function InboxEmpty({ unreadOnly }: { unreadOnly: boolean }) {
  return (
    <div className="border-t p-6">
      <EmptyState
        icon={<CheckCheck />}
        title={<h3>You're all caught up</h3>}
        description={
          unreadOnly
            ? 'No unread notifications. Turn off "Show unread only" to see earlier ones.'
            : 'Nothing here yet. New sign-ins, API key changes and team updates will show up here.'
        }
        className="border-0 py-8"
      />
    </div>
  );
}
