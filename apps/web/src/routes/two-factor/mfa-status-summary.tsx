import { Alert } from '@gatehouse/ui/alert';
import { Badge } from '@gatehouse/ui/badge';
import { TriangleAlert } from 'lucide-react';
import type { DateFormat } from '../../lib/date-format';
import { timeAgo } from '../../lib/relative-time';

/** Fewer than this many unused backup codes is worth a warning (GitHub warns at the same point). */
export const LOW_BACKUP_CODES = 3;

export type MfaSummary = {
  enabled: boolean;
  /** The authenticator app: set up or not, and when known, when it was added and last used. */
  authenticator: boolean | { addedAt: string | null; lastUsedAt: string | null };
  backupCodesLeft: number;
};

type MfaStatusSummaryProps = {
  summary: MfaSummary;
  dates: DateFormat;
  locale: string;
};

/** Where two-factor stands at a glance: on or off, which factors, how many backup codes remain. */
export function MfaStatusSummary({ summary, dates, locale }: MfaStatusSummaryProps) {
  const { enabled, authenticator, backupCodesLeft } = summary;
  const low = enabled && backupCodesLeft <= LOW_BACKUP_CODES;
  return (
    <div className="grid gap-4">
      <dl className="grid gap-3 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="text-muted-foreground">Two-factor authentication</dt>
        <dd>
          {enabled ? <Badge variant="success">On</Badge> : <Badge variant="secondary">Off</Badge>}
        </dd>
        <dt className="text-muted-foreground">Authenticator app</dt>
        <dd>
          {authenticator ? (
            <>
              Set up
              {typeof authenticator === 'object' && authenticator.addedAt ? <> · added {dates.date(authenticator.addedAt)}</> : null}
              {typeof authenticator === 'object' && authenticator.lastUsedAt ? (
                <>
                  {' · '}
                  <time dateTime={authenticator.lastUsedAt} title={dates.dateTime(authenticator.lastUsedAt)}>
                    last used {timeAgo(authenticator.lastUsedAt, locale)}
                  </time>
                </>
              ) : null}
            </>
          ) : (
            'Not set up'
          )}
        </dd>
        {enabled ? (
          <>
            <dt className="text-muted-foreground">Backup codes</dt>
            <dd>{backupCodesLeft === 1 ? '1 code left' : `${backupCodesLeft} codes left`}</dd>
          </>
        ) : null}
      </dl>
      {low ? (
        <Alert variant="warning" role="status">
          <TriangleAlert aria-hidden />
          <p className="font-medium">
            {backupCodesLeft === 0 ? 'You have no backup codes left.' : `Only ${backupCodesLeft} backup ${backupCodesLeft === 1 ? 'code' : 'codes'} left.`}
          </p>
          <p>Generate new codes so you can still sign in if you lose your authenticator.</p>
        </Alert>
      ) : null}
    </div>
  );
}
