import { Card } from '@gatehouse/ui/card';
import { Skeleton } from '@gatehouse/ui/skeleton';

export function AgentsSkeleton() {
  return (
    <Card role="status" aria-label="Loading agents" aria-busy className="divide-y">
      {[0, 1, 2].map((row) => (
        <div key={row} className="flex items-center gap-6 px-6 py-4">
          <Skeleton className="h-4 w-40" />
          <Skeleton className="h-4 w-24" />
          <Skeleton className="ml-auto hidden h-4 w-20 sm:block" />
        </div>
      ))}
    </Card>
  );
}
