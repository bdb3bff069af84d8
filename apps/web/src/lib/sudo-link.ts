import { TRPCClientError, type TRPCLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import { errorReason } from './api-error';
import { SudoCancelledError, type SudoPrompt } from './sudo-prompt';

/** Entering sudo must never itself wait for sudo, or a failure there would prompt forever. */
const SUDO_ENTER_PATH = 'me.sudo.enter';

/**
 * Step-up without every screen handling it: when the server answers SUDO_REQUIRED, ask for the
 * password (through the shared prompt), then send the original call once more. A second refusal,
 * or a cancel, reaches the caller as an ordinary error.
 */
export function sudoLink<TRouter extends AnyRouter>(prompt: SudoPrompt): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let subscription: Unsubscribable | undefined;
        let unsubscribed = false;

        const attempt = (isRetry: boolean) => {
          subscription = next(op).subscribe({
            next: (result) => observer.next(result),
            complete: () => observer.complete(),
            error: (err) => {
              const mayPrompt = !isRetry && op.path !== SUDO_ENTER_PATH;
              if (!mayPrompt || errorReason(err) !== 'SUDO_REQUIRED') {
                observer.error(err);
                return;
              }
              prompt.request().then(
                () => {
                  if (!unsubscribed) attempt(true);
                },
                (cause: unknown) => {
                  const reason = cause instanceof Error ? cause : new SudoCancelledError();
                  observer.error(TRPCClientError.from<TRouter>(reason));
                },
              );
            },
          });
        };

        attempt(false);
        return () => {
          unsubscribed = true;
          subscription?.unsubscribe();
        };
      });
}
