import { Badge } from '@gatehouse/ui/badge';
import { cn } from '@gatehouse/ui/cn';
import { NavLink } from 'react-router';
import { useHeldPermissions } from '../lib/use-access';
import { useMe } from './me-context';
import { useNavCounts, useNavFeatures } from './nav-status';
import { visibleNavSections } from './navigation';

/** The settings navigation, one column: the sidebar on wide screens, the menu panel on phones. */
export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  const me = useMe();
  const { held } = useHeldPermissions(me.permissions.includes('org:read'));
  const sections = visibleNavSections(me, useNavFeatures(), held);
  const counts = useNavCounts();
  return (
    <nav aria-label="Settings" className="flex flex-col gap-6">
      {sections.map((section) => (
        <div key={section.label} className="grid gap-1">
          <p
            id={`nav-${section.label}`}
            className="px-3 text-xs font-semibold tracking-wide text-muted-foreground uppercase"
          >
            {section.label}
          </p>
          <ul aria-labelledby={`nav-${section.label}`} className="flex flex-col gap-1">
            {section.items.map(({ to, label, icon: Icon, counter }) => {
              const badge = counter ? counts[counter] : undefined;
              return (
                <li key={to}>
                  <NavLink
                    to={to}
                    aria-label={badge ? `${label}, ${badge.description}` : undefined}
                    onClick={onNavigate}
                    className={({ isActive }) =>
                      cn(
                        'flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring',
                        isActive
                          ? 'bg-accent text-accent-foreground'
                          : 'text-muted-foreground hover:bg-accent/60 hover:text-foreground',
                      )
                    }
                  >
                    <Icon aria-hidden className="size-4" />
                    {label}
                    {badge ? (
                      <Badge aria-hidden className="ml-auto min-w-5 justify-center rounded-full px-1.5 tabular-nums">
                        {badge.count > 99 ? '99+' : badge.count}
                      </Badge>
                    ) : null}
                  </NavLink>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
