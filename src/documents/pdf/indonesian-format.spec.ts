import { formatNip } from './indonesian-format';

describe('Indonesian formats', () => {
  it('groups an 18-digit NIP and leaves anything else alone', () => {
    expect(formatNip('198001012005011001')).toBe('19800101 200501 1 001');
    expect(formatNip('12345')).toBe('12345');
  });
});
