import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import * as ipaddr from 'ipaddr.js';

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

/**
 * The only range a callback may reach: ipaddr.js's `unicast`, meaning every special-purpose
 * block of the IANA registries is refused (private, loopback, link-local, carrier-grade NAT,
 * documentation, benchmarking, multicast, reserved; in IPv6 also unique-local, NAT64, and the
 * tunnelling prefixes Teredo 2001::/32 and 6to4 2002::/16, which embed an IPv4 address that
 * may be private). An IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
 */
function addressRange(ip: string): string {
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address().range();
  return parsed.range();
}

/** True for every address but a public unicast one (loopback, private, link-local, tunnels, reserved...). */
export function isNonPublicAddress(ip: string): boolean {
  if (!isIP(ip)) return true;
  return addressRange(ip) !== 'unicast';
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
