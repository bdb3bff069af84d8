/** SCIM's error vocabulary (RFC 7644 §3.12): an HTTP status, an optional scimType, a detail. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    /** For 429: when to retry. */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  get body() {
    return {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

export const scimErrors = {
  unauthorized: () => new ScimError(401, 'A valid SCIM bearer token is required'),
  notFound: (what: string, id: string) => new ScimError(404, `${what} ${id} not found`),
  invalidValue: (detail: string) => new ScimError(400, detail, 'invalidValue'),
  invalidSyntax: (detail: string) => new ScimError(400, detail, 'invalidSyntax'),
  invalidFilter: (detail: string) => new ScimError(400, detail, 'invalidFilter'),
  invalidPath: (detail: string) => new ScimError(400, detail, 'invalidPath'),
  uniqueness: (detail: string) => new ScimError(409, detail, 'uniqueness'),
  mutability: (detail: string) => new ScimError(409, detail, 'mutability'),
};

/** Free text from an identity provider: bounded, and no control characters (NUL included). */
export function scimText(value: unknown, attribute: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw scimErrors.invalidValue(`${attribute} must be a string`);
  const text = value.trim();
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw scimErrors.invalidValue(`${attribute} contains control characters`);
  if (text.length > max) throw scimErrors.invalidValue(`${attribute} is longer than ${max} characters`);
  return text === '' ? null : text;
}
