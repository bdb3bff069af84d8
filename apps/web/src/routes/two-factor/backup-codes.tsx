import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Checkbox } from '@gatehouse/ui/checkbox';
import { Label } from '@gatehouse/ui/label';
import { Check, Copy, Download, TriangleAlert } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { downloadFile, localDateStamp } from '../../lib/download-file';

type BackupCodesProps = {
  codes: readonly string[];
  /** Whose codes these are, written into the downloaded file. */
  accountEmail: string;
  onDone: () => void;
  doneLabel?: string;
};

const COPIED_FEEDBACK_MS = 2500;

/** The text of the copy and the download: the codes, and what they are for when found later. */
export function backupCodesText(codes: readonly string[], accountEmail: string): string {
  return [
    `Gatehouse backup codes for ${accountEmail}`,
    `Saved ${localDateStamp()}. Each code works once. Keep them somewhere safe.`,
    '',
    ...codes,
    '',
  ].join('\n');
}

/**
 * The only time backup codes are ever shown: they are stored hashed, so the server can't show
 * them again. Done stays disabled until the user says they kept them.
 */
export function BackupCodes({ codes, accountEmail, onDone, doneLabel = 'Done' }: BackupCodesProps) {
  const checkboxId = useId();
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);
  const [copyFailed, setCopyFailed] = useState(false);
  const text = backupCodesText(codes, accountEmail);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('Clipboard unavailable');
      await navigator.clipboard.writeText(text);
      setCopyFailed(false);
      setCopied(true);
    } catch {
      setCopyFailed(true);
    }
  };

  return (
    <div className="grid gap-4">
      <p className="text-sm text-muted-foreground">
        If you lose your authenticator, sign in with one of these codes. Each code works once.
      </p>
      <ol
        aria-label="Backup codes"
        className="grid grid-cols-2 gap-x-6 gap-y-1.5 rounded-md border bg-muted px-4 py-3 font-mono text-sm select-all"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" onClick={() => void copy()}>
          {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
          {copied ? 'Copied' : 'Copy codes'}
        </Button>
        <Button
          variant="outline"
          onClick={() => downloadFile(`gatehouse-backup-codes-${localDateStamp()}.txt`, text, 'text/plain;charset=utf-8')}
        >
          <Download aria-hidden />
          Download .txt
        </Button>
      </div>
      <p role="status" className={copyFailed ? 'text-xs text-muted-foreground' : 'sr-only'}>
        {copied ? 'Backup codes copied to the clipboard.' : ''}
        {copyFailed ? "Your browser didn't let us copy: select the codes above and copy them, or download them." : ''}
      </p>
      <Alert variant="warning">
        <TriangleAlert aria-hidden />
        <p className="font-medium">You won't be able to see these codes again.</p>
      </Alert>
      <div className="flex items-center gap-2">
        <Checkbox id={checkboxId} checked={saved} onCheckedChange={(value) => setSaved(value === true)} />
        <Label htmlFor={checkboxId}>I've saved my backup codes</Label>
      </div>
      <div className="flex justify-end">
        <Button onClick={onDone} disabled={!saved}>
          {doneLabel}
        </Button>
      </div>
    </div>
  );
}
