/** Thrown into the original call when the user declines to confirm their password. */
export class SudoCancelledError extends Error {
  override name = 'SudoCancelledError';
  constructor() {
    super('Password confirmation was cancelled.');
  }
}

/**
 * The bridge between the tRPC link (which finds out sudo is needed) and the dialog (which asks
 * for the password). Every caller that asks while a prompt is open shares it, so a batch of
 * calls refused together produces one dialog, and all of them retry once it is confirmed.
 */
export type SudoPrompt = {
  /** Resolves once the password is confirmed; rejects with SudoCancelledError on cancel. */
  request: () => Promise<void>;
  confirm: () => void;
  cancel: () => void;
  isOpen: () => boolean;
  subscribe: (listener: () => void) => () => void;
};

type Pending = { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void };

export function createSudoPrompt(): SudoPrompt {
  let pending: Pending | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());

  const settle = (finish: (p: Pending) => void) => {
    if (!pending) return;
    const settled = pending;
    pending = null;
    finish(settled);
    notify();
  };

  return {
    request: () => {
      if (!pending) {
        let resolve!: () => void;
        let reject!: (err: Error) => void;
        const promise = new Promise<void>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        pending = { promise, resolve, reject };
        notify();
      }
      return pending.promise;
    },
    confirm: () => settle((p) => p.resolve()),
    cancel: () => settle((p) => p.reject(new SudoCancelledError())),
    isOpen: () => pending !== null,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function isSudoCancelled(err: unknown): boolean {
  if (err instanceof SudoCancelledError) return true;
  return err instanceof Error && err.cause instanceof SudoCancelledError;
}
