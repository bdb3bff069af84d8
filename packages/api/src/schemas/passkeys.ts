import { z } from 'zod';
import { isPlainText, opaqueIdField, PLAIN_TEXT_MESSAGE } from './fields.js';

// What a browser's navigator.credentials answer looks like once @simplewebauthn/browser has
// turned it into JSON (base64url strings). Bounded, so nobody makes us parse megabytes; the
// library checks everything inside.

const base64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'Not base64url');

/** How the browser can reach the authenticator (`internal`, `hybrid`, `usb`…): a hint, new kinds appear. */
const transport = z
  .string()
  .max(16)
  .regex(/^[a-z-]+$/, 'Not a transport');

/** Extension outputs are never relied on; only `credProps` is read, everything else dropped. */
const clientExtensionResults = z.object({ credProps: z.object({ rk: z.boolean().optional() }).optional() });

export const passkeyRegistrationResponse = z.object({
  id: base64url(1400),
  rawId: base64url(1400),
  type: z.enum(['public-key']),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults,
  response: z.object({
    clientDataJSON: base64url(4096),
    attestationObject: base64url(32_768),
    authenticatorData: base64url(16_384).optional(),
    transports: z.array(transport).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(16_384).optional(),
  }),
});

export const passkeyAuthenticationResponse = z.object({
  id: base64url(1400),
  rawId: base64url(1400),
  type: z.enum(['public-key']),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults,
  response: z.object({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(16_384),
    signature: base64url(16_384),
    userHandle: base64url(128).optional(),
  }),
});
export type PasskeyAuthenticationResponse = z.infer<typeof passkeyAuthenticationResponse>;

export const passkeyNameField = z
  .string()
  .trim()
  .min(1, 'Name the passkey')
  .max(64, 'Passkey names are at most 64 characters')
  .refine(isPlainText, PLAIN_TEXT_MESSAGE);

export const registerPasskeyInput = z.object({ name: passkeyNameField, response: passkeyRegistrationResponse });
export type RegisterPasskeyInput = z.infer<typeof registerPasskeyInput>;

export const renamePasskeyInput = z.object({ passkeyId: opaqueIdField, name: passkeyNameField });
export const passkeyIdInput = z.object({ passkeyId: opaqueIdField });

export const passkeySignInInput = z.object({ response: passkeyAuthenticationResponse });
