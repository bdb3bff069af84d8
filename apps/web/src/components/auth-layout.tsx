import { Card, CardContent, CardDescription, CardHeader } from '@gatehouse/ui/card';
import type { ReactNode } from 'react';
import { Brand } from './brand';

type AuthLayoutProps = {
  title: string;
  description: string;
  children: ReactNode;
  /** The line under the card, e.g. the link to the other auth page. */
  footer: ReactNode;
};

export function AuthLayout({ title, description, children, footer }: AuthLayoutProps) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-12">
      <Brand />
      <main className="w-full max-w-sm">
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
