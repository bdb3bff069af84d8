import { Button } from '@gatehouse/ui/button';
import { Card } from '@gatehouse/ui/card';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { Skeleton } from '@gatehouse/ui/skeleton';
import { KeyRound, Plus } from 'lucide-react';

// The list's other states: the page swaps one of these in where the keys would be.

export function ApiKeysSkeleton() {
  return (
    <Card role="status" aria-label="Loading API keys" aria-busy className="divide-y">
      {[0, 1].map((row) => (
        <div key={row} className="grid gap-3 px-6 py-5">
          <div className="flex gap-2">
            <Skeleton className="h-5 w-36" />
            <Skeleton className="h-5 w-28" />
          </div>
          <div className="flex gap-1.5">
            <Skeleton className="h-5 w-24" />
            <Skeleton className="h-5 w-24" />
          </div>
          <Skeleton className="h-9 w-full max-w-md" />
        </div>
      ))}
    </Card>
  );
}

export function ApiKeysEmpty({ onCreate }: { onCreate: () => void }) {
  return (
    <EmptyState
      icon={<KeyRound />}
      title={<h2>No API keys yet</h2>}
      description="Create a key for each script or tool that needs to call Gatehouse, so you can revoke one without touching the others."
      action={
        <Button onClick={onCreate}>
          <Plus aria-hidden />
          Create API key
        </Button>
      }
    />
  );
}
