import { Skeleton } from '@gatehouse/ui/skeleton';

/** Stands in for the whole shell while `me.get` loads, so the layout doesn't jump when it arrives. */
export function ShellSkeleton() {
  return (
    <div role="status" aria-label="Loading your account" aria-busy className="flex min-h-dvh flex-col">
      <div className="border-b bg-card">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4 md:px-6">
          <Skeleton className="h-7 w-32" />
          <Skeleton className="ml-auto h-7 w-40" />
        </div>
      </div>
      <div className="mx-auto flex w-full max-w-6xl flex-1 flex-col gap-6 px-4 py-6 md:flex-row md:gap-10 md:px-6 md:py-10">
        <div className="grid content-start gap-2 md:w-52">
          <Skeleton className="h-4 w-20" />
          <Skeleton className="h-9 w-full" />
        </div>
        <div className="grid flex-1 content-start gap-4">
          <Skeleton className="h-8 w-40" />
          <Skeleton className="h-64 w-full rounded-xl" />
        </div>
      </div>
    </div>
  );
}
