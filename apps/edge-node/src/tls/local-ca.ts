import 'reflect-metadata'; // @peculiar/x509's dependency injection (tsyringe) needs the Reflect metadata API
import { webcrypto, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

// @peculiar/x509 signs and parses with WebCrypto: Node's own.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60 * 1000;

/** A PEM certificate (chain) and its PEM private key, as node:tls takes them. */
export interface CertificatePair {
  cert: string;
  key: string;
}

export interface LocalCa extends CertificatePair {
  /** Where the CA certificate is, for the "how to trust it" hint. */
  certPath: string;
}

/** The names every local certificate covers besides the distributions' aliases. */
export const LOCAL_NAMES = ['localhost', '*.cachefront.local'];

/**
 * The edge's local certificate authority under `dir` (`ca.pem`, `ca-key.pem`), created the
 * first time (ECDSA P-256, 10 years, CA:true with keyCertSign) and reused after, so a viewer
 * that trusted it once keeps trusting every certificate the edge issues.
 */
export async function localCa(dir: string): Promise<LocalCa> {
  const certPath = join(dir, 'ca.pem');
  const keyPath = join(dir, 'ca-key.pem');
  try {
    return { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8'), certPath };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=cachefront local CA, O=cachefront (development only)',
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const cert = ca.toString('pem');
  const key = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(keyPath, key, { mode: 0o600 });
  await writeFile(certPath, cert);
  return { cert, key, certPath };
}

/**
 * A server certificate signed by `ca` for `names` (DNS names, wildcards allowed, and IP
 * addresses), valid 397 days (what browsers accept), with its chain (leaf, then the CA).
 */
export async function issueCertificate(ca: CertificatePair, names: readonly string[]): Promise<CertificatePair> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await webcrypto.subtle.importKey('pkcs8', der(ca.key), ALG, false, ['sign']);
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const unique = [...new Set(names.map((n) => n.toLowerCase()))];
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${unique.find((n) => !isIp(n)) ?? 'localhost'}`,
    issuer: caCert.subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 397 * DAY),
    signingKey: caKey,
    publicKey: keys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(unique.map((n) => (isIp(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }))),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { cert: `${leaf.toString('pem')}\n${ca.cert.trim()}\n`, key: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

const isIp = (n: string) => /^[\d.]+$/.test(n) || n.includes(':');

function serial(): string {
  // Positive, 16 random bytes (RFC 5280 §4.1.2.2: at most 20 octets).
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

function pem(label: string, data: ArrayBuffer): string {
  const b64 = Buffer.from(data).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64.trim()}\n-----END ${label}-----\n`;
}

function der(pemText: string): ArrayBuffer {
  const b = Buffer.from(pemText.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
