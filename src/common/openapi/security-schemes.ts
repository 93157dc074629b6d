/** The security schemes, named as the operations' `security` lists name them. */
export const SECURITY_SCHEMES = { bearer: 'bearer', cookie: 'cookie', apiKey: 'api-key' } as const;
