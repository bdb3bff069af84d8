import { Card, CardContent, CardDescription, CardHeader } from '@gatehouse/ui/card';
import { Alert } from '@gatehouse/ui/alert';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { sessionEnded } from '../lib/redirect';
import { Brand } from './brand';

type AuthLayoutProps = {
  title: string;
  description: string;
  children: ReactNode;
  /** The line under the card, e.g. the link to the other auth page. */
  footer: ReactNode;
};

export function AuthLayout({ title, description, children, footer }: AuthLayoutProps) {
  const location = useLocation();
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-12">
      <Brand />
      <main className="w-full max-w-sm">
        {sessionEnded(location.state) ? (
          // Landing here unasked is confusing without a word on why.
          <Alert className="mb-4" role="status">
            You were signed out — your session was ended on another device or expired. Sign in again to continue.
          </Alert>
        ) : null}
        <Card>
          <CardHeader>
            <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
            <CardDescription>{description}</CardDescription>
          </CardHeader>
          <CardContent>{children}</CardContent>
        </Card>
        <p className="mt-6 text-center text-sm text-muted-foreground">{footer}</p>
      </main>
    </div>
  );
}
