import { useState } from 'react';

/**
 * Radix's Dialog hands focus back to its <DialogTrigger> on close. Dialogs opened from state (one
 * per list row, or by the sudo prompt) have none, and focus would fall to <body>, leaving keyboard
 * and screen reader users at the top of the page. Call this in a component that mounts as the
 * dialog opens: it remembers what had focus and returns an `onCloseAutoFocus` handler that goes
 * back there, or to `fallback` when that element has left the page (e.g. a deleted row's button).
 */
export function useReturnFocus(fallback?: () => void): (event: Event) => void {
  const [opener] = useState(() => document.activeElement);
  return (event) => {
    event.preventDefault();
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    else fallback?.();
  };
}
