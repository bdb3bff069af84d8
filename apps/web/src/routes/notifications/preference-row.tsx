import { CATEGORY_LABELS } from '@gatehouse/api/schemas';
import { Switch } from '@gatehouse/ui/switch';
import { Lock } from 'lucide-react';
import { useId } from 'react';
import type { Channel, Preference } from './use-preference-toggle';

type PreferenceRowProps = {
  preference: Preference;
  onToggle: (row: Preference, channel: Channel, on: boolean) => void;
};

export function PreferenceRow({ preference, onToggle }: PreferenceRowProps) {
  const { title, description } = CATEGORY_LABELS[preference.category];
  const id = useId();
  // Security mail is how someone learns their account was taken over: the server refuses to turn it off.
  const emailLocked = preference.category === 'security';

  return (
    <tr className="border-t align-top">
      <th scope="row" className="py-4 pr-4 text-left font-normal">
        <span className="block font-medium">{title}</span>
        <span id={`${id}-description`} className="mt-0.5 block text-xs text-muted-foreground">
          {description}
        </span>
      </th>
      <td className="px-4 py-4 text-center">
        <div className="grid justify-items-center gap-1.5">
          <Switch
            checked={preference.email}
            disabled={emailLocked}
            onCheckedChange={(on) => onToggle(preference, 'email', on)}
            aria-label={`Email notifications for ${title}`}
            aria-describedby={emailLocked ? `${id}-locked` : `${id}-description`}
          />
          {emailLocked ? (
            <span id={`${id}-locked`} className="flex items-center justify-center gap-1 text-xs text-muted-foreground sm:whitespace-nowrap">
              <Lock aria-hidden className="size-3" />
              Always on for your protection
            </span>
          ) : null}
        </div>
      </td>
      <td className="px-4 py-4 text-center">
        <Switch
          checked={preference.inApp}
          onCheckedChange={(on) => onToggle(preference, 'inApp', on)}
          aria-label={`In-app notifications for ${title}`}
          aria-describedby={`${id}-description`}
        />
      </td>
    </tr>
  );
}
