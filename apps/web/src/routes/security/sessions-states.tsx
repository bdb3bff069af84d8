import { Skeleton } from '@gatehouse/ui/skeleton';

// The session list's other states: the card swaps one of these in where the list would be.

export function SessionsSkeleton() {
  return (
    <div role="status" aria-label="Loading sessions" aria-busy className="divide-y border-t">
      {[0, 1].map((row) => (
        <div key={row} className="flex gap-4 px-6 py-4">
          <Skeleton className="size-5" />
          <div className="grid flex-1 gap-2">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="h-3 w-72 max-w-full" />
          </div>
        </div>
      ))}
    </div>
  );
}

/** Under the current session when it is the only one: reassurance, not an empty page. */
export function NoOtherSessions() {
  return (
    <p className="border-t px-6 py-4 text-sm text-muted-foreground">
      <span className="font-medium text-foreground">No other sessions.</span> You're only signed in on this device.
    </p>
  );
}
