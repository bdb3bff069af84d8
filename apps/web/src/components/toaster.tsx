import { Toaster as Sonner } from 'sonner';

// Lives in the web app rather than packages/ui because `sonner` is a dependency of the app only.
export function Toaster() {
  return <Sonner position="top-right" theme="light" richColors closeButton duration={5000} />;
}
