import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

/** A device's Ed25519 key pair, as base64 DER (SPKI public, PKCS#8 private): plain JSON for settings. */
export interface DeviceKeyPair {
  publicKey: string;
  privateKey: string;
}

/** Makes a new Ed25519 key pair. */
export function generateDeviceKey(): DeviceKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

/** Signs bytes with a device's private key; the signature is base64. */
export function signBytes(privateKey: string, bytes: Uint8Array): string {
  const key = createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  return sign(null, bytes, key).toString('base64');
}

/** True when `signature` is the device's signature of `bytes`; false for any malformed input. */
export function verifyBytes(publicKey: string, bytes: Uint8Array, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, bytes, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
