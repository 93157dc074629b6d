import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/**
 * Server-side request forgery guard for callback URLs. A module names a URL and the server
 * calls it; without this a module could make the server reach its own loopback, the cloud
 * metadata service (169.254.169.254) or the internal network. Every address the host resolves
 * to must be public; the check runs at request time and again at connection time (the
 * `lookup` below), so a DNS answer that changes in between (rebinding) is caught too.
 */
export class CallbackRefused extends Error {
  constructor(
    message: string,
    readonly address?: string,
  ) {
    super(message);
    this.name = 'CallbackRefused';
  }
}

const V4_BLOCKS: [string, number][] = [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const v4ToInt = (ip: string) => ip.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;

function isPrivateV4(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_BLOCKS.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (n & mask) === (v4ToInt(base) & mask);
  });
}

function isPrivateV6(ip: string): boolean {
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return isPrivateV4(mapped[1]);
  if (lower === '::' || lower === '::1') return true;
  const first = parseInt(lower.split(':')[0] || '0', 16);
  return (
    (first & 0xfe00) === 0xfc00 || // fc00::/7 unique local
    (first & 0xffc0) === 0xfe80 || // fe80::/10 link-local
    (first & 0xff00) === 0xff00 || // ff00::/8 multicast
    lower.startsWith('64:ff9b:') || // NAT64 can reach IPv4 private space
    lower.startsWith('2001:db8:') // documentation
  );
}

/** True for loopback, private, link-local, unique-local, multicast and reserved addresses. */
export function isNonPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return isPrivateV4(ip);
  if (family === 6) return isPrivateV6(ip);
  return true;
}

/** Syntax only: an absolute http(s) URL without credentials. */
export function assertCallbackUrlSyntax(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CallbackRefused(`Callback URL ${JSON.stringify(raw)} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CallbackRefused('Callback URLs must use http or https');
  if (url.username || url.password) throw new CallbackRefused('Callback URLs may not carry credentials');
  return url;
}

function lookupAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/** Resolves the URL's host and refuses it unless every address is public (or private ones are allowed). */
export async function assertCallbackReachable(raw: string, allowPrivate: boolean): Promise<void> {
  const url = assertCallbackUrlSyntax(raw);
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookupAll(host);
  } catch (err) {
    throw new CallbackRefused(`Callback host ${host} does not resolve: ${(err as Error).message}`);
  }
  const bad = addresses.find((a) => isNonPublicAddress(a.address));
  if (addresses.length === 0 || bad) throw new CallbackRefused(`Callback host ${host} resolves to a non-public address`, bad?.address);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that refuses non-public addresses at connection time. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => isNonPublicAddress(a.address));
      if (!allowPrivate && (addresses.length === 0 || bad)) {
        return callback(Object.assign(new CallbackRefused(`Callback host ${hostname} resolves to a non-public address`, bad?.address), { code: 'ESSRF' }), '', 0);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
