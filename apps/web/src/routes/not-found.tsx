import { Button } from '@gatehouse/ui/button';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { Compass } from 'lucide-react';
import { Link } from 'react-router';
import { Brand } from '../components/brand';

export function NotFoundPage() {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-8 px-4 py-12">
      <Brand />
      <main className="w-full max-w-md">
        <EmptyState
          icon={<Compass />}
          title={<h1>Page not found</h1>}
          description="The page you're looking for doesn't exist or has moved. Check the address, or head back to your account."
          action={
            <Button asChild>
              <Link to="/">Back to Gatehouse</Link>
            </Button>
          }
        />
      </main>
    </div>
  );
}
