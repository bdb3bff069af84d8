// A software WebAuthn authenticator for integration tests: a P-256 key per credential, "none"
// attestation, real signatures over real authenticator data, so the server's library checks
// everything it would check for a browser. CBOR comes from @simplewebauthn/server's own helpers.
// (The browser tests use Chromium's virtual authenticator instead; this one lets a test lie.)
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64u = (data: Buffer | Uint8Array | string) => Buffer.from(data).toString('base64url');

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export class SoftAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(
    readonly origin: string,
    readonly behaviour: { userVerified?: boolean; counterStep?: number } = {},
  ) {}

  private flags(extra = 0): number {
    return FLAG_UP | (this.behaviour.userVerified === false ? 0 : FLAG_UV) | extra;
  }

  register(options: PublicKeyCredentialCreationOptionsJSON): RegistrationResponseJSON {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const id = randomBytes(32);
    const counter = this.behaviour.counterStep ?? 0;
    const credentialData = Buffer.concat([Buffer.alloc(16), u16(id.length), id, Buffer.from(isoCBOR.encode(coseKey))]);
    const authData = Buffer.concat([sha256(options.rp.id!), Buffer.from([this.flags(FLAG_AT)]), u32(counter), credentialData]);
    const clientData = JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: this.origin, crossOrigin: false });
    const attestation = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never);
    this.credentials.push({ id, privateKey, userHandle: options.user.id, counter });
    return {
      id: b64u(id),
      rawId: b64u(id),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: { clientDataJSON: b64u(clientData), attestationObject: b64u(attestation), transports: ['internal'] },
    };
  }

  /** Answers a request with the first allowed credential it holds (or `credential`), signing for `origin`. */
  assert(
    options: PublicKeyCredentialRequestOptionsJSON,
    opts: { credential?: Credential; counter?: number; origin?: string } = {},
  ): AuthenticationResponseJSON {
    const allowed = options.allowCredentials?.map((c) => c.id);
    const credential = opts.credential ?? this.credentials.find((c) => !allowed || allowed.includes(b64u(c.id)));
    if (!credential) throw new Error('no credential for this request');
    credential.counter = opts.counter ?? credential.counter + (this.behaviour.counterStep ?? 0);
    const authData = Buffer.concat([sha256(options.rpId!), Buffer.from([this.flags()]), u32(credential.counter)]);
    const clientData = Buffer.from(
      JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: opts.origin ?? this.origin, crossOrigin: false }),
    );
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), credential.privateKey);
    return {
      id: b64u(credential.id),
      rawId: b64u(credential.id),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64u(clientData),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        userHandle: credential.userHandle,
      },
    };
  }
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
