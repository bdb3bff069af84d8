import { Alert, AlertDescription, AlertTitle } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Component, type ReactNode } from 'react';

type LazyBoundaryProps = { what: string; children: ReactNode };

/**
 * A lazily loaded part of the app can fail to arrive (offline, or a deploy replaced its file
 * since this page loaded). Without a boundary React would unmount the whole app; with one the
 * user reads what happened and reloads, which fetches the current files.
 */
export class LazyBoundary extends Component<LazyBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="grid gap-4">
        <Alert variant="destructive">
          <AlertTitle>We couldn't load {this.props.what}</AlertTitle>
          <AlertDescription>Check your connection, then reload the page.</AlertDescription>
        </Alert>
        <Button variant="outline" onClick={() => window.location.reload()} className="justify-self-start">
          Reload
        </Button>
      </div>
    );
  }
}
