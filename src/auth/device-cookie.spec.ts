import { readCookie } from './device-cookie';
import { addressKey } from './login-throttle.service';

describe('readCookie', () => {
  it('finds one cookie among others, quoted or not', () => {
    expect(readCookie('a=1; esurat_device=abc.def; b=2', 'esurat_device')).toBe('abc.def');
    expect(readCookie('esurat_device="abc"', 'esurat_device')).toBe('abc');
    expect(readCookie('x_esurat_device=abc; esurat_device_x=def', 'esurat_device')).toBeUndefined();
    expect(readCookie(undefined, 'esurat_device')).toBeUndefined();
  });
});

describe('addressKey', () => {
  it('keeps IPv4 addresses and unwraps IPv4-mapped ones', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
