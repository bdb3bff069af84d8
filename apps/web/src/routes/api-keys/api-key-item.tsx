import { Badge } from '@gatehouse/ui/badge';
import { Button } from '@gatehouse/ui/button';
import { cn } from '@gatehouse/ui/cn';
import { RefreshCw, Trash2, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { ScopeList } from '../../components/scope-list';
import type { DateFormat } from '../../lib/date-format';
import type { ApiKey } from '../../lib/trpc';
import { expiryOf } from './expiry';
import { RotationNotice } from './rotation-notice';

type ApiKeyItemProps = {
  apiKey: ApiKey;
  dates: DateFormat;
  onRotate: (key: ApiKey) => void;
  onDelete: (key: ApiKey) => void;
};

export function ApiKeyItem({ apiKey, dates, onRotate, onDelete }: ApiKeyItemProps) {
  const expiry = expiryOf(apiKey, Date.now());
  const expired = expiry.kind === 'expired';
  const { previousSecretExpiresAt } = apiKey;

  return (
    <li className="grid gap-4 px-5 py-5 sm:grid-cols-[minmax(0,1fr)_auto] sm:px-6">
      <div className="grid min-w-0 gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className={cn('truncate font-semibold', expired && 'text-muted-foreground')}>{apiKey.name}</h2>
          <span className="sr-only">Prefix</span>
          <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{apiKey.prefix}</code>
          {expired ? <Badge variant="destructive">Expired</Badge> : null}
          {expiry.kind === 'soon' ? (
            <Badge variant="warning">
              <TriangleAlert aria-hidden className="size-3" />
              {expiry.label}
            </Badge>
          ) : null}
        </div>

        <ScopeList keyName={apiKey.name} scopes={apiKey.scopes} />

        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
          <Fact term="Created">{dates.date(apiKey.createdAt)}</Fact>
          <Fact term={expired ? 'Expired' : 'Expires'}>{dates.date(apiKey.expiresAt)}</Fact>
          <Fact term="Last used">
            {apiKey.lastUsedAt ? (
              dates.dateTime(apiKey.lastUsedAt)
            ) : (
              <span className="text-muted-foreground">Never used</span>
            )}
          </Fact>
        </dl>

        {previousSecretExpiresAt && !expired ? (
          <RotationNotice apiKey={{ ...apiKey, previousSecretExpiresAt }} dates={dates} />
        ) : null}
      </div>

      {/* A fixed width, so the facts line up from row to row whichever buttons a key has. */}
      <div className="flex items-start gap-2 sm:min-w-45 sm:justify-end">
        {/* An expired key can't be rotated (rotation never extends a key's life): only deleted. */}
        {expired ? null : (
          <Button variant="outline" size="sm" aria-label={`Rotate ${apiKey.name}`} onClick={() => onRotate(apiKey)}>
            <RefreshCw aria-hidden />
            Rotate
          </Button>
        )}
        <Button
          variant="outline"
          size="sm"
          aria-label={`Delete ${apiKey.name}`}
          onClick={() => onDelete(apiKey)}
          className="text-destructive hover:bg-destructive/5 hover:text-destructive"
        >
          <Trash2 aria-hidden />
          Delete
        </Button>
      </div>
    </li>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid content-start gap-0.5">
      <dt className="text-xs text-muted-foreground">{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
