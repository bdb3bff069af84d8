import { Badge } from '@gatehouse/ui/badge';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Brand } from '../components/brand';
import { roleLabel } from '../lib/roles';
import { useMe } from './me-context';
import { MobileNav } from './mobile-nav';
import { SidebarNav } from './sidebar-nav';
import { SignOutButton } from './sign-out-button';
import { VerifyEmailBanner } from './verify-email-banner';

export function AppShell({ children }: { children: ReactNode }) {
  const me = useMe();
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="border-b bg-card">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4 md:px-6">
          <MobileNav />
          <Link to="/" className="rounded-md outline-none focus-visible:ring-2 focus-visible:ring-ring">
            <Brand />
          </Link>
          <span aria-hidden className="h-5 w-px bg-border" />
          <span className="truncate text-sm font-medium text-muted-foreground" title="Organisation">
            {me.org.name}
          </span>
          <div className="ml-auto flex items-center gap-3">
            <div className="hidden text-right sm:block">
              <div className="text-sm leading-tight font-medium">{me.displayName}</div>
              <div className="text-xs leading-tight text-muted-foreground">{me.email}</div>
            </div>
            <Badge variant="secondary" className="hidden sm:inline-flex">
              {roleLabel(me.role)}
            </Badge>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="mx-auto flex w-full max-w-6xl flex-1 flex-col gap-6 px-4 py-6 md:flex-row md:gap-10 md:px-6 md:py-10">
        {/* Phones reach the same list through the header's menu button (MobileNav). */}
        <aside className="hidden md:block md:w-52 md:shrink-0">
          <SidebarNav />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 outline-none">
          <VerifyEmailBanner />
          {children}
        </main>
      </div>
    </div>
  );
}
