import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { AuthErrorCode } from './auth.errors';
import { AuthService } from './auth.service';
import { PersonPrincipal } from '../records/principal';
import { PrincipalService } from './principal.service';

const SECRET = 'unit-test-secret-0123456789-0123456789';
const PERSON: PersonPrincipal = { kind: 'person', personId: 'p-1', username: 'staf.kominfo', name: 'Staf', roles: [], positions: [], delegations: [] };

/** The service with a real JwtService and a principal whose token version and state a test sets. */
function setUp() {
  const jwt = new JwtService({ secret: SECRET });
  const person = { active: true, tokenVersion: 1 };
  const principals = { current: jest.fn(async () => ({ principal: PERSON, ...person })) };
  const config = { JWT_TTL_SECONDS: 3600 } as AppConfig;
  const auth = new AuthService(undefined as never, principals as unknown as PrincipalService, undefined as never, jwt, config, undefined as never, undefined as never);
  const verify = jest.spyOn(jwt, 'verifyAsync');
  const token = (claims: object = {}, ttl = 3600) => jwt.signAsync({ sub: PERSON.personId, ver: 1, typ: 'access', ...claims }, { expiresIn: ttl });
  const refusal = (t: string) => auth.authenticateToken(t).then(() => 'accepted', (err: { code: string }) => err.code);
  return { auth, person, verify, token, refusal };
}

describe('access tokens', () => {
  afterEach(() => jest.restoreAllMocks());

  it('checks a token’s signature once and reuses the claims for the requests that follow', async () => {
    const { auth, verify, token } = setUp();
    const t = await token();
    for (let i = 0; i < 3; i++) await expect(auth.authenticateToken(t)).resolves.toBe(PERSON);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a reused token from the second its expiry names', async () => {
    const { auth, token, refusal } = setUp();
    const t = await token({}, 10);
    await auth.authenticateToken(t);
    const exp = JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString()).exp as number;
    jest.spyOn(Date, 'now').mockReturnValue(exp * 1000);
    await expect(refusal(t)).resolves.toBe(AuthErrorCode.TOKEN_INVALID);
  });

  it('refuses a reused token once the password changed or the account was deactivated', async () => {
    const { auth, person, token, refusal } = setUp();
    const t = await token();
    await auth.authenticateToken(t);
    person.tokenVersion = 2;
    await expect(refusal(t)).resolves.toBe(AuthErrorCode.TOKEN_INVALID);
    person.tokenVersion = 1;
    person.active = false;
    await expect(refusal(t)).resolves.toBe(AuthErrorCode.TOKEN_INVALID);
  });

  it('never keeps a token it refused: a wrong signature or a token that is not an access token', async () => {
    const { verify, token, refusal } = setUp();
    const t = await token();
    const forged = `${t.slice(0, t.lastIndexOf('.') + 1)}${'A'.repeat(43)}`;
    await expect(refusal(forged)).resolves.toBe(AuthErrorCode.TOKEN_INVALID);
    await expect(refusal(forged)).resolves.toBe(AuthErrorCode.TOKEN_INVALID);
    const device = await token({ typ: 'device' });
    await expect(refusal(device)).resolves.toBe(AuthErrorCode.TOKEN_INVALID);
    await expect(refusal(device)).resolves.toBe(AuthErrorCode.TOKEN_INVALID);
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
