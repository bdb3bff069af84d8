import { Alert } from '@gatehouse/ui/alert';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { NativeSelect } from '@gatehouse/ui/native-select';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { SubmitButton } from '../../components/submit-button';
import { applyServerErrors } from '../../lib/form-errors';
import { trpc, type Me } from '../../lib/trpc';
import { profileFormSchema, profileFormValues } from './profile-schema';
import { groupTimeZones, localeChoices, timeZoneChoices } from './suggestions';

const fields = ['displayName', 'phone', 'timezone', 'locale'] as const;

export function ProfileForm({ me }: { me: Me }) {
  const utils = trpc.useUtils();
  const updateProfile = trpc.me.updateProfile.useMutation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(profileFormSchema), defaultValues: profileFormValues(me) });
  const { errors } = form.formState;
  const timeZones = useMemo(() => groupTimeZones(timeZoneChoices(me.timezone)), [me.timezone]);
  const locales = useMemo(() => localeChoices(me.locale), [me.locale]);

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const updated = await updateProfile.mutateAsync(values);
      utils.me.get.setData(undefined, updated);
      // Show what the server stored (e.g. "en-gb" becomes "en-GB") and clear the dirty state.
      form.reset(profileFormValues(updated));
      toast.success('Profile saved');
    } catch (err) {
      setFormError(applyServerErrors(err, { setError: form.setError, fields }));
    }
  });

  return (
    <Card>
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <CardHeader>
          <CardTitle>Personal details</CardTitle>
          <CardDescription>
            Signed in as <span className="font-medium text-foreground">{me.email}</span>. Your email can't be
            changed here.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <FormField label="Display name" error={errors.displayName?.message} className="sm:col-span-2">
            {(control) => <Input {...control} {...form.register('displayName')} autoComplete="name" />}
          </FormField>
          <FormField
            label="Phone"
            description="Optional. Leave empty to remove it."
            error={errors.phone?.message}
            className="sm:col-span-2"
          >
            {(control) => <Input {...control} {...form.register('phone')} type="tel" autoComplete="tel" />}
          </FormField>
          <FormField label="Time zone" description="Dates and times are shown in it." error={errors.timezone?.message}>
            {(control) => (
              <NativeSelect {...control} {...form.register('timezone')}>
                {timeZones.map(([region, zones]) => (
                  <optgroup key={region} label={region}>
                    {zones.map(({ value, label }) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </NativeSelect>
            )}
          </FormField>
          <FormField label="Locale" description="Language and region." error={errors.locale?.message}>
            {(control) => (
              <NativeSelect {...control} {...form.register('locale')}>
                {locales.map(({ value, label }) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
          {formError ? (
            <Alert variant="destructive" className="sm:col-span-2">
              {formError}
            </Alert>
          ) : null}
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pending={updateProfile.isPending}>Save changes</SubmitButton>
        </CardFooter>
      </form>
    </Card>
  );
}
