import { cn } from '@gatehouse/ui/cn';
import { Input } from '@gatehouse/ui/input';
import { Search } from 'lucide-react';
import type { ComponentProps } from 'react';

/** A search box for "name or email" prefixes: magnifier icon, no autocomplete or spellcheck. */
export function SearchInput({ className, wrapperClassName, ...props }: ComponentProps<'input'> & { wrapperClassName?: string }) {
  return (
    <div className={cn('relative', wrapperClassName)}>
      <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" />
      <Input
        type="search"
        placeholder="Name or email"
        autoComplete="off"
        spellCheck={false}
        {...props}
        className={cn('pl-9', className)}
      />
    </div>
  );
}
