import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import * as tls from 'node:tls';

/** How the client reaches the server (from SMTP_* settings). */
export interface SmtpOptions {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465). */
  secure: boolean;
  /** STARTTLS: 'auto' when offered, 'never', or 'required' (fail when not offered). */
  starttls: 'auto' | 'never' | 'required';
  user?: string;
  password?: string;
  timeoutMs: number;
  /** Name sent in EHLO. */
  clientName?: string;
}

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

/** An SMTP failure, with the server's reply code when the server answered. */
export class SmtpError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'SmtpError';
  }
  /** 5xx replies are permanent: the same message will be refused again. */
  get permanent(): boolean {
    return this.code !== undefined && this.code >= 500;
  }
}

interface Reply {
  code: number;
  lines: string[];
}

/** The bare address of "Name <a@b>" or "a@b". */
export const bareAddress = (mailbox: string): string => {
  const m = /<([^<>]*)>\s*$/.exec(mailbox);
  return (m ? m[1] : mailbox).trim();
};

/** A plain addr-spec with nothing that could break out of an SMTP command or a header. */
export const isMailAddress = (address: string): boolean => /^[^\s<>()\\,;:"@]+@[^\s<>()\\,;:"@]+$/.test(address) && address.length <= 254;

/** Dot-stuffing (RFC 5321 4.5.2), CRLF line ends and the terminating "." line. */
export function dotStuff(message: string): string {
  const crlf = message.replace(/\r?\n/g, '\r\n');
  const stuffed = crlf.replace(/^\./gm, '..');
  return (stuffed.endsWith('\r\n') ? stuffed : stuffed + '\r\n') + '.\r\n';
}

/** RFC 2047 encoded-word for header text that is not plain ASCII. */
export function encodeHeaderText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  // Split on characters so no encoded word exceeds 75 characters or cuts a UTF-8 sequence.
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** A mailbox header value: the display name (all before the last "<...>") quoted or encoded, the address kept as is. */
export function formatMailbox(mailbox: string): string {
  const m = /^([\s\S]*)<([^<>]+)>\s*$/.exec(mailbox);
  if (!m) return bareAddress(mailbox);
  let name = m[1].replace(/[\r\n\t]+/g, ' ').trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
  if (!name) return m[2].trim();
  const shown = /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeHeaderText(name);
  return `${shown} <${m[2].trim()}>`;
}

/** Base64 in lines of 76 characters (RFC 2045 6.8). */
export const base64Lines = (bytes: Uint8Array): string => (Buffer.from(bytes).toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

const quoteParam = (value: string): string => {
  const ascii = value.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `"${ascii}"`;
};

/** RFC 2231 filename*= for non-ASCII names, beside an ASCII fallback. */
const filenameParams = (name: string): string => {
  const fallback = `filename=${quoteParam(name)}`;
  if (/^[\x20-\x7e]*$/.test(name)) return fallback;
  return `${fallback};\r\n filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`;
};

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  attachment?: { filename: string; contentType: string; content: Uint8Array };
  date?: Date;
  messageId?: string;
}

/** RFC 5322 date, e.g. "Sun, 22 Nov 2026 13:00:00 +0000". */
const rfc5322Date = (d: Date): string => d.toUTCString().replace(/GMT$/, '+0000');

/** A text/plain (UTF-8, base64) message, multipart/mixed with the attachment when there is one. */
export function buildMime(message: MailMessage): string {
  const domain = bareAddress(message.from).split('@')[1] || 'localhost';
  const messageId = message.messageId ?? `<${Date.now().toString(36)}.${randomBytes(8).toString('hex')}@${domain}>`;
  const headers = [
    `From: ${formatMailbox(message.from)}`,
    `To: ${formatMailbox(message.to)}`,
    `Subject: ${encodeHeaderText(message.subject.replace(/[\r\n]+/g, ' '))}`,
    `Date: ${rfc5322Date(message.date ?? new Date())}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
  ];
  const textPart = ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from(message.text, 'utf8'))];
  if (!message.attachment) return [...headers, ...textPart, ''].join('\r\n');
  const boundary = `=_esurat_${randomBytes(12).toString('hex')}`;
  const a = message.attachment;
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    'This is a multi-part message in MIME format.',
    `--${boundary}`,
    ...textPart,
    `--${boundary}`,
    `Content-Type: ${a.contentType}; name=${quoteParam(a.filename)}`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; ${filenameParams(a.filename)}`,
    '',
    base64Lines(a.content),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** One SMTP conversation over a socket: reads replies line by line, with a timeout per command. */
class Conversation {
  private buffer = '';
  private lines: string[] = [];
  private waiter?: () => void;
  private failure?: Error;

  constructor(
    public socket: net.Socket,
    private readonly timeoutMs: number,
  ) {
    this.attach(socket);
  }

  attach(socket: net.Socket): void {
    this.socket = socket;
    this.buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let i: number;
      while ((i = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, i).replace(/\r$/, ''));
        this.buffer = this.buffer.slice(i + 1);
      }
      this.wake();
    });
    socket.on('error', (err) => this.fail(new SmtpError(`SMTP connection error: ${err.message}`)));
    socket.on('close', () => this.fail(new SmtpError('SMTP connection closed by the server')));
  }

  detach(): void {
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('error');
    this.socket.removeAllListeners('close');
    this.socket.on('error', () => undefined);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Reads one (possibly multi-line) reply: "250-..." lines up to "250 ...". */
  async read(what: string): Promise<Reply> {
    const lines: string[] = [];
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      while (this.lines.length > 0) {
        const line = this.lines.shift()!;
        const m = /^(\d{3})([ -]?)(.*)$/.exec(line);
        if (!m) throw new SmtpError(`SMTP: unexpected reply to ${what}: ${line.slice(0, 200)}`);
        lines.push(m[3]);
        if (m[2] !== '-') return { code: Number(m[1]), lines };
      }
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new SmtpError(`SMTP: no reply to ${what} within ${this.timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Sends a command and checks the reply code; `shown` replaces the command in errors (credentials). */
  async command(line: string, expect: number[], shown = line): Promise<Reply> {
    this.socket.write(line + '\r\n');
    return this.expect(shown, expect);
  }

  async expect(what: string, expect: number[]): Promise<Reply> {
    const reply = await this.read(what);
    if (!expect.includes(reply.code)) {
      throw new SmtpError(`SMTP server refused ${what}: ${reply.code} ${reply.lines.join(' ').slice(0, 300)}`, reply.code);
    }
    return reply;
  }
}

const connect = (options: SmtpOptions): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SmtpError(`SMTP: could not connect to ${options.host}:${options.port} within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      resolve(socket);
    };
    const onError = (err: Error) => {
      clearTimeout(timer);
      reject(new SmtpError(`SMTP: cannot connect to ${options.host}:${options.port}: ${err.message}`));
    };
    const socket: net.Socket = options.secure
      ? tls.connect({ host: options.host, port: options.port, servername: net.isIP(options.host) ? undefined : options.host }, done)
      : net.connect({ host: options.host, port: options.port }, done);
    socket.once('error', onError);
  });

const upgrade = (socket: net.Socket, options: SmtpOptions): Promise<tls.TLSSocket> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new SmtpError(`SMTP: TLS handshake not done within ${options.timeoutMs} ms`)), options.timeoutMs);
    const secured = tls.connect({ socket, servername: net.isIP(options.host) ? undefined : options.host }, () => {
      clearTimeout(timer);
      secured.removeListener('error', onError);
      resolve(secured);
    });
    const onError = (err: Error) => {
      clearTimeout(timer);
      reject(new SmtpError(`SMTP: STARTTLS handshake failed: ${err.message}`));
    };
    secured.once('error', onError);
  });

const extensions = (reply: Reply): string[] => reply.lines.slice(1).map((l) => l.trim().toUpperCase());

/**
 * Sends one message: EHLO, STARTTLS when offered (unless 'never'), AUTH PLAIN when a user is
 * set, MAIL FROM, RCPT TO, DATA, QUIT. Throws an SmtpError carrying the server's reply code.
 * Credentials are never part of an error message.
 */
export async function sendMail(options: SmtpOptions, envelope: SmtpEnvelope, data: string): Promise<{ code: number; response: string }> {
  for (const address of [envelope.from, ...envelope.to]) {
    if (!isMailAddress(bareAddress(address))) throw new SmtpError(`Not an e-mail address: ${JSON.stringify(address.slice(0, 200))}`);
  }
  const socket = await connect(options);
  const c = new Conversation(socket, options.timeoutMs);
  try {
    await c.expect('the greeting', [220]);
    const name = options.clientName ?? 'localhost';
    let ehlo = await c.command(`EHLO ${name}`, [250]);
    const isTls = options.secure;
    if (!isTls && options.starttls !== 'never') {
      if (extensions(ehlo).includes('STARTTLS')) {
        await c.command('STARTTLS', [220]);
        c.detach();
        const secured = await upgrade(c.socket, options);
        c.attach(secured);
        ehlo = await c.command(`EHLO ${name}`, [250]);
      } else if (options.starttls === 'required') {
        throw new SmtpError('SMTP server does not offer STARTTLS (SMTP_STARTTLS=required)');
      }
    }
    if (options.user) {
      const auth = extensions(ehlo).find((e) => e.startsWith('AUTH'));
      if (auth && !/\bPLAIN\b/.test(auth)) throw new SmtpError(`SMTP server does not offer AUTH PLAIN (${auth})`);
      const token = Buffer.from(`\0${options.user}\0${options.password ?? ''}`, 'utf8').toString('base64');
      await c.command(`AUTH PLAIN ${token}`, [235], 'AUTH PLAIN <credentials>');
    }
    await c.command(`MAIL FROM:<${bareAddress(envelope.from)}>`, [250]);
    for (const to of envelope.to) await c.command(`RCPT TO:<${bareAddress(to)}>`, [250, 251]);
    await c.command('DATA', [354]);
    c.socket.write(dotStuff(data));
    const accepted = await c.expect('the message', [250]);
    await c.command('QUIT', [221]).catch(() => undefined);
    return { code: accepted.code, response: accepted.lines.join(' ') };
  } finally {
    c.detach();
    c.socket.destroy();
  }
}
