import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { errorReason, validationIssues, type ErrorReason } from './api-error';
import { describeError } from './describe-error';

type ServerErrorOptions<T extends FieldValues> = {
  setError: UseFormSetError<T>;
  /** The form's own fields: server issues for these go under the field, the rest in the alert. */
  fields: readonly Path<T>[];
  /** Reasons that belong to one field, e.g. EMAIL_TAKEN under "Email". */
  reasonFields?: Partial<Record<ErrorReason, Path<T>>>;
};

/**
 * Puts a failed submit's message where the user will look for it: under the field it concerns
 * when the server says which one, otherwise in the form's alert. Returns the alert text, or
 * null when everything went under fields (each message is shown in exactly one place).
 */
export function applyServerErrors<T extends FieldValues>(
  err: unknown,
  { setError, fields, reasonFields }: ServerErrorOptions<T>,
): string | null {
  const reason = errorReason(err);
  const reasonField = reason ? reasonFields?.[reason] : undefined;
  if (reasonField) {
    setError(reasonField, { type: 'server', message: describeError(err) }, { shouldFocus: true });
    return null;
  }

  const issues = validationIssues(err);
  if (!issues) return describeError(err);

  const unplaced: string[] = [];
  for (const issue of issues) {
    const field = fields.find((name) => name === issue.path[0]);
    if (field) setError(field, { type: 'server', message: issue.message });
    else unplaced.push(issue.message);
  }
  return unplaced.length > 0 ? unplaced.join(' ') : null;
}
