import { Button } from '@gatehouse/ui/button';
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from '@gatehouse/ui/sheet';
import { Menu } from 'lucide-react';
import { useState } from 'react';
import { useMe } from './me-context';
import { SidebarNav } from './sidebar-nav';

/**
 * Phones get the navigation as a menu: a button in the header opening a panel with the whole
 * list (current page marked), instead of a sideways strip with the current page scrolled away.
 * Picking a page closes it; Escape closes it and gives focus back to the button.
 */
export function MobileNav() {
  const me = useMe();
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="-ml-2 md:hidden" aria-label="Open menu">
          <Menu aria-hidden />
        </Button>
      </SheetTrigger>
      <SheetContent>
        <SheetTitle>Menu</SheetTitle>
        <SheetDescription className="sr-only">{`${me.displayName}, ${me.org.name}`}</SheetDescription>
        <SidebarNav onNavigate={() => setOpen(false)} />
      </SheetContent>
    </Sheet>
  );
}
