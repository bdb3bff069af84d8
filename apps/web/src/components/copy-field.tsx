import { Button } from '@gatehouse/ui/button';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { Check, Copy } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';

type CopyStatus = 'idle' | 'copied' | 'manual';

/** How long "Copied" stays on the button before it offers to copy again. */
const COPIED_FEEDBACK_MS = 2500;

type CopyFieldProps = {
  /** The field's label, e.g. "API key"; also how the copy is announced ("API key copied …"). */
  label: string;
  value: string;
  /** Focus the Copy button on arrival, so Enter copies straight away. */
  autoFocus?: boolean;
};

/** A read-only value with a Copy button: for secrets and links that are shown once. */
export function CopyField({ label, value, autoFocus = false }: CopyFieldProps) {
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
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      // Select the value instead, so the platform's own copy shortcut finishes the job.
      inputRef.current?.focus();
      inputRef.current?.select();
      setStatus('manual');
    }
  };

  return (
    <>
      <FormField
        label={label}
        description={
          status === 'manual'
            ? "Your browser didn't let us copy, so it is selected for you: press Ctrl+C (⌘C on a Mac) to copy it."
            : undefined
        }
      >
        {(control) => (
          <div className="flex gap-2">
            <Input
              {...control}
              ref={inputRef}
              value={value}
              readOnly
              spellCheck={false}
              autoComplete="off"
              onFocus={(event) => event.currentTarget.select()}
              className="font-mono text-xs"
            />
            <Button variant="outline" onClick={() => void copy()} autoFocus={autoFocus} className="min-w-24">
              {status === 'copied' ? <Check aria-hidden /> : <Copy aria-hidden />}
              {status === 'copied' ? 'Copied' : 'Copy'}
            </Button>
          </div>
        )}
      </FormField>
      <p role="status" className="sr-only">
        {status === 'copied' ? `${label} copied to the clipboard.` : ''}
      </p>
    </>
  );
}
