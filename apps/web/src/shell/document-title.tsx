import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { trpc } from '../lib/trpc';
import { navSections } from './navigation';

const PRODUCT = 'Gatehouse';

/** Pages outside the sidebar, by path prefix (longest first wins). */
const otherPages: [prefix: string, title: string][] = [
  ['/sign-in', 'Sign in'],
  ['/sign-up', 'Create an account'],
  ['/goodbye', 'Account deleted'],
  ['/invite/', 'Invitation'],
  ['/verify-email', 'Verify your email'],
  ['/forgot-password', 'Forgot password'],
  ['/reset-password', 'Reset password'],
  ['/confirm-email', 'Confirm your new email'],
  ['/cancel-email-change', 'Secure your account'],
  ['/security-log', 'Security log'],
  ['/admin/members/', 'Member'],
  ['/admin/teams/', 'Team'],
  ['/admin/service-accounts/', 'Service account'],
];

const titled: [prefix: string, title: string][] = [
  ...navSections.flatMap((section) => section.items.map((item): [string, string] => [item.to, item.label])),
  ...otherPages,
].sort((a, b) => b[0].length - a[0].length);

function pageName(pathname: string): string | undefined {
  return titled.find(([prefix]) => pathname === prefix || pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))?.[1];
}

/**
 * "Members · Acme · Gatehouse": tabs, history and bookmarks tell pages and organisations apart.
 * Reads the signed-in user from the cache only, so a signed-out page asks the server nothing.
 */
export function DocumentTitle() {
  const { pathname } = useLocation();
  const me = trpc.me.get.useQuery(undefined, { enabled: false });
  const page = pageName(pathname);
  const org = me.data && !['/sign-in', '/sign-up', '/goodbye'].includes(pathname) ? me.data.org.name : undefined;
  const title = [page ?? (pathname === '/' ? undefined : 'Page not found'), org, PRODUCT].filter(Boolean).join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
  return null;
}
