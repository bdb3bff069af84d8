import { Button } from '@gatehouse/ui/button';
import { Card } from '@gatehouse/ui/card';
import { Plus } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import { dateFormatFor } from '../../lib/date-format';
import { trpc, type ApiKey } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import { ApiKeyItem } from './api-key-item';
import { LoadError } from '../../components/load-error';
import { ApiKeysEmpty, ApiKeysSkeleton } from './api-keys-states';
import { CreateKeyDialog } from './create-key-dialog';
import { DeleteKeyDialog } from './delete-key-dialog';
import { RotateKeyDialog } from './rotate-key-dialog';

export function ApiKeysPage() {
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const keys = trpc.me.apiKeys.list.useQuery();
  const [creating, setCreating] = useState(false);
  const [rotating, setRotating] = useState<ApiKey | null>(null);
  const [deleting, setDeleting] = useState<ApiKey | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const startCreating = () => setCreating(true);
  // Where focus lands when a dialog closes and the button that opened it is gone.
  const focusHeading = () => headingRef.current?.focus();

  const renderKeys = () => {
    // A failed background refresh keeps showing the list we have; only a first load can fail outright.
    if (keys.data?.length === 0) return <ApiKeysEmpty onCreate={startCreating} />;
    if (keys.data) {
      return (
        <Card>
          <ul aria-label="Your API keys" className="divide-y">
            {keys.data.map((key) => (
              <ApiKeyItem key={key.id} apiKey={key} dates={dates} onRotate={setRotating} onDelete={setDeleting} />
            ))}
          </ul>
        </Card>
      );
    }
    if (keys.isError) return <LoadError title="We couldn't load your API keys" error={keys.error} onRetry={() => void keys.refetch()} />;
    return <ApiKeysSkeleton />;
  };

  return (
    <div className="grid gap-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid max-w-2xl gap-1">
          <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold tracking-tight outline-none">
            API keys
          </h1>
          <p className="text-sm text-muted-foreground">
            Keys let scripts, CI jobs and the command line call Gatehouse as you, limited to the scopes you choose.
            Send a key in the <code className="font-mono text-xs">Authorization: Bearer</code> header.
          </p>
        </div>
        {/* The empty state carries its own button; two with the same name would only confuse. */}
        {keys.data?.length === 0 ? null : (
          <Button onClick={startCreating}>
            <Plus aria-hidden />
            Create API key
          </Button>
        )}
      </header>

      {renderKeys()}

      <CreateKeyDialog open={creating} onOpenChange={setCreating} dates={dates} focusFallback={focusHeading} />
      <RotateKeyDialog apiKey={rotating} onClose={() => setRotating(null)} dates={dates} focusFallback={focusHeading} />
      <DeleteKeyDialog apiKey={deleting} onClose={() => setDeleting(null)} focusFallback={focusHeading} />
    </div>
  );
}
