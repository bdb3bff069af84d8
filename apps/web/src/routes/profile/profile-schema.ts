import { updateProfileInput } from '@gatehouse/api/schemas';
import { z } from 'zod';
import type { Me } from '../../lib/trpc';

/**
 * The API's own `updateProfileInput`, with one browser concern added: a text box can't hold
 * null, so an empty phone box means "remove my phone number".
 */
export const profileFormSchema = updateProfileInput.extend({
  phone: z
    .string()
    .trim()
    .transform((value) => (value === '' ? null : value))
    .pipe(updateProfileInput.shape.phone.unwrap()),
});

export type ProfileFormValues = z.input<typeof profileFormSchema>;

export function profileFormValues(me: Me): ProfileFormValues {
  return {
    displayName: me.displayName,
    phone: me.phone ?? '',
    timezone: me.timezone,
    locale: me.locale,
  };
}
