import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { Spinner } from '@gatehouse/ui/spinner';
import { Download } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { errorData } from '../../lib/api-error';
import { describeError, formatWait } from '../../lib/describe-error';
import { downloadFile, localDateStamp } from '../../lib/download-file';
import { trpc } from '../../lib/trpc';

const INCLUDED = [
  'Your profile: name, email, phone, time zone and locale',
  'Your organisation, your role and your teams',
  'Your notification preferences and notifications',
  'Your API keys and sessions: names, devices, IP addresses and dates',
  'Your activity: the audit log entries you caused or that concern you',
];

export function ExportCard() {
  // gcTime 0 plus reset(): the whole document must not linger in the mutation cache once saved.
  const exportData = trpc.me.exportData.useMutation({ gcTime: 0 });
  const [error, setError] = useState<string | null>(null);

  const download = async () => {
    setError(null);
    try {
      const document = await exportData.mutateAsync();
      exportData.reset();
      downloadFile(`gatehouse-export-${localDateStamp()}.json`, JSON.stringify(document, null, 2), 'application/json');
      toast.success('Your data is downloading');
    } catch (err) {
      const data = errorData(err);
      setError(
        data?.reason === 'RATE_LIMITED'
          ? `You've downloaded your data several times in the last hour. Try again in ${formatWait(data.retryAfterSeconds)}.`
          : describeError(err),
      );
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Export your data</CardTitle>
        <CardDescription>A copy of everything Gatehouse holds about you, as one JSON file.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 text-sm">
        <ul className="grid list-disc gap-1.5 pl-5">
          {INCLUDED.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="text-muted-foreground">
          Passwords, API key secrets and session tokens are never included, and nor is other members' personal data.
        </p>
        {error ? <Alert variant="destructive">{error}</Alert> : null}
      </CardContent>
      <CardFooter className="justify-end">
        <Button onClick={() => void download()} disabled={exportData.isPending} aria-busy={exportData.isPending}>
          {exportData.isPending ? <Spinner /> : <Download aria-hidden />}
          Download my data
        </Button>
      </CardFooter>
    </Card>
  );
}
