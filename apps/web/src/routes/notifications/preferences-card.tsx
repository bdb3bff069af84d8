import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { Skeleton } from '@gatehouse/ui/skeleton';
import { LoadError } from '../../components/load-error';
import { trpc } from '../../lib/trpc';
import { PreferenceRow } from './preference-row';
import { usePreferenceToggle } from './use-preference-toggle';

export function PreferencesCard() {
  const preferences = trpc.me.notifications.preferences.useQuery();
  const toggle = usePreferenceToggle();

  const renderMatrix = () => {
    if (preferences.data) {
      return (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Notification preferences by category and channel</caption>
            <thead>
              <tr className="text-xs text-muted-foreground">
                <th scope="col" className="pb-2 text-left font-medium">
                  Category
                </th>
                <th scope="col" className="w-28 px-4 pb-2 font-medium whitespace-nowrap">
                  Email
                </th>
                <th scope="col" className="w-28 px-4 pb-2 font-medium whitespace-nowrap">
                  In app
                </th>
              </tr>
            </thead>
            <tbody>
              {preferences.data.map((preference) => (
                <PreferenceRow key={preference.category} preference={preference} onToggle={toggle} />
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    if (preferences.isError) {
      return <LoadError title="We couldn't load your preferences" error={preferences.error} onRetry={() => void preferences.refetch()} />;
    }
    return (
      <div role="status" aria-label="Loading preferences" aria-busy className="grid gap-3">
        {[0, 1, 2, 3, 4].map((row) => (
          <Skeleton key={row} className="h-10 w-full" />
        ))}
      </div>
    );
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Preferences</CardTitle>
        <CardDescription>How Gatehouse tells you about each kind of event. Changes are saved as you make them.</CardDescription>
      </CardHeader>
      <CardContent>{renderMatrix()}</CardContent>
    </Card>
  );
}
