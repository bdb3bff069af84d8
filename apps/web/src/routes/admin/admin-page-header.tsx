import { ArrowLeft } from 'lucide-react';
import type { ReactNode, Ref } from 'react';
import { Link } from 'react-router';
import { ReadOnlyNote } from './read-only-note';

type AdminPageHeaderProps = {
  title: ReactNode;
  description?: ReactNode;
  /** The page's main write control (only for those holding its permission: pass nothing otherwise). */
  action?: ReactNode;
  /** A detail page's way back to its list. */
  back?: { to: string; label: string };
  /** Lets the page move focus here when a dialog closes and its opener is gone. */
  headingRef?: Ref<HTMLHeadingElement>;
  /**
   * Whether the caller holds the permission this page's changes need (the one the server checks);
   * false shows the read-only note. Leave it out on pages nobody changes, or until access is known,
   * so that an owner never sees the note flash.
   */
  canManage?: boolean;
};

/** Every admin page opens alike: title, what it is for, its main action, and (for admins) why there are no buttons. */
export function AdminPageHeader({ title, description, action, back, headingRef, canManage }: AdminPageHeaderProps) {
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
      {canManage === false ? <ReadOnlyNote /> : null}
    </header>
  );
}
