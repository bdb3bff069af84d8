import { Input } from '@gatehouse/ui/input';
import type { ComponentProps } from 'react';

/**
 * A field for a 6-digit authenticator code: the numeric keypad on phones, and the platform's
 * one-time-code autofill. Room for "123 456" as apps display it; the schema drops the space.
 */
export function AuthenticatorCodeInput(props: ComponentProps<typeof Input>) {
  return (
    <Input
      inputMode="numeric"
      autoComplete="one-time-code"
      spellCheck={false}
      maxLength={7}
      placeholder="123456"
      className="max-w-40 font-mono tracking-widest"
      {...props}
    />
  );
}

/** A field for a backup code: typed from a printout, so no autofill, spell check or capitals. */
export function BackupCodeInput(props: ComponentProps<typeof Input>) {
  return <Input autoComplete="off" spellCheck={false} autoCapitalize="off" className="font-mono" {...props} />;
}
