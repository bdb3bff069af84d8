import { Button } from '@gatehouse/ui/button';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { Check, Copy } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';

type CopyStatus = 'idle' | 'copied' | 'manual';

/** How long "Copied" stays on the button before it offers to copy again. */
const COPIED_FEEDBACK_MS = 2500;

export function CopySecretField({ secret }: { secret: string }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<CopyStatus>('idle');

  useEffect(() => {
    if (status !== 'copied') return;
    const timer = setTimeout(() => setStatus('idle'), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [status]);

  const copy = async () => {
    try {
      // Missing on plain-http origins other than localhost, and a browser may refuse the write.
      if (!navigator.clipboard) throw new Error('Clipboard unavailable');
      await navigator.clipboard.writeText(secret);
      setStatus('copied');
    } catch {
      // Select the key instead, so the platform's own copy shortcut finishes the job.
      inputRef.current?.focus();
      inputRef.current?.select();
      setStatus('manual');
    }
  };

  return (
    <>
      <FormField
        label="API key"
        description={
          status === 'manual'
            ? "Your browser didn't let us copy. The key is selected: press Ctrl+C (⌘C on a Mac) to copy it."
            : undefined
        }
      >
        {(control) => (
          <div className="flex gap-2">
            <Input
              {...control}
              ref={inputRef}
              value={secret}
              readOnly
              spellCheck={false}
              autoComplete="off"
              onFocus={(event) => event.currentTarget.select()}
              className="font-mono text-xs"
            />
            {/* Focused on arrival: Enter copies straight away. */}
            <Button variant="outline" onClick={() => void copy()} autoFocus className="min-w-24">
              {status === 'copied' ? <Check aria-hidden /> : <Copy aria-hidden />}
              {status === 'copied' ? 'Copied' : 'Copy'}
            </Button>
          </div>
        )}
      </FormField>
      <p role="status" className="sr-only">
        {status === 'copied' ? 'API key copied to the clipboard.' : ''}
      </p>
    </>
  );
}
