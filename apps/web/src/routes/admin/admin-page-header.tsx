import { ArrowLeft } from 'lucide-react';
import type { ReactNode, Ref } from 'react';
import { Link } from 'react-router';
import { ReadOnlyNote } from './read-only-note';

type AdminPageHeaderProps = {
  title: ReactNode;
  description?: ReactNode;
  /** The page's main write control (owners only: pass nothing for admins). */
  action?: ReactNode;
  /** A detail page's way back to its list. */
  back?: { to: string; label: string };
  /** Lets the page move focus here when a dialog closes and its opener is gone. */
  headingRef?: Ref<HTMLHeadingElement>;
  /** Off for pages nobody can change, where "Only owners can make changes" would mislead. */
  readOnlyNote?: boolean;
  /** Whether the caller may change this page, when that takes a finer permission than org:write. */
  canManage?: boolean;
};

/** Every admin page opens alike: title, what it is for, its main action, and (for admins) why there are no buttons. */
export function AdminPageHeader({ title, description, action, back, headingRef, readOnlyNote = true, canManage }: AdminPageHeaderProps) {
  return (
    <header className="grid gap-4">
      {back ? (
        <Link
          to={back.to}
          className="inline-flex w-fit items-center gap-1.5 rounded-md text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
        >
          <ArrowLeft aria-hidden className="size-4" />
          {back.label}
        </Link>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid max-w-2xl min-w-0 gap-1">
          <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold tracking-tight break-words outline-none">
            {title}
          </h1>
          {description ? <div className="text-sm text-muted-foreground">{description}</div> : null}
        </div>
        {action}
      </div>
      {readOnlyNote ? <ReadOnlyNote canManage={canManage} /> : null}
    </header>
  );
}
