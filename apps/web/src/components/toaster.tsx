import { Toaster as Sonner } from 'sonner';

// Bottom corner: at the top, toasts would cover the header and its sign-out button.
// Lives in the web app rather than packages/ui because `sonner` is a dependency of the app only.
export function Toaster() {
  return <Sonner position="bottom-right" theme="light" richColors closeButton duration={5000} />;
}
