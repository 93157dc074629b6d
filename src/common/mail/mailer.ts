import * as nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { AppConfig } from '../../config/app-config';

/** How the mailer reaches the server (from SMTP_* settings). */
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
  /** Certificates to trust beside the system's (a private mail server's CA). */
  ca?: string;
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

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  attachment?: { filename: string; contentType: string; content: Buffer };
}

/** The bare address of "Name <a@b>" or "a@b". */
export const bareAddress = (mailbox: string): string => {
  const m = /<([^<>]*)>\s*$/.exec(mailbox);
  return (m ? m[1] : mailbox).trim();
};

/** A plain addr-spec with nothing that could break out of an SMTP command or a header. */
export const isMailAddress = (address: string): boolean => /^[^\s<>()\\,;:"@]+@[^\s<>()\\,;:"@]+$/.test(address) && address.length <= 254;

/** "Name <a@b>" as nodemailer's address object: the display name is all before the last "<...>", kept whole. */
export function toAddress(mailbox: string): { name: string; address: string } | string {
  const m = /^([\s\S]*)<([^<>]+)>\s*$/.exec(mailbox);
  if (!m) return bareAddress(mailbox);
  let name = m[1].replace(/[\r\n\t]+/g, ' ').trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
  return name ? { name, address: m[2].trim() } : m[2].trim();
}

/** The SMTP_* settings as mailer options; the EHLO name is PUBLIC_URL's host. */
export function smtpOptionsOf(c: AppConfig): SmtpOptions {
  return {
    host: c.SMTP_HOST,
    port: c.SMTP_PORT,
    secure: c.SMTP_SECURE,
    starttls: c.SMTP_STARTTLS,
    user: c.SMTP_USER || undefined,
    password: c.SMTP_PASSWORD,
    timeoutMs: c.SMTP_TIMEOUT_MS,
    clientName: safeHostName(c.PUBLIC_URL),
  };
}

const safeHostName = (url: string): string => {
  try {
    const host = new URL(url).hostname;
    return /^[A-Za-z0-9.-]+$/.test(host) ? host : 'localhost';
  } catch {
    return 'localhost';
  }
};

/**
 * A nodemailer SMTP transport: one connection per message (no pool, so a server that stops
 * answering holds up only the message in hand), STARTTLS as SMTP_STARTTLS says, AUTH PLAIN
 * when a user is set, every wait bounded by timeoutMs.
 */
export function createTransport(options: SmtpOptions): nodemailer.Transporter<SMTPTransport.SentMessageInfo> {
  const transport: SMTPTransport.Options = {
    host: options.host,
    port: options.port,
    secure: options.secure,
    ignoreTLS: !options.secure && options.starttls === 'never',
    requireTLS: !options.secure && options.starttls === 'required',
    name: options.clientName ?? 'localhost',
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    dnsTimeout: options.timeoutMs,
    tls: options.ca ? { ca: options.ca } : undefined,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  if (options.user) {
    transport.auth = { user: options.user, pass: options.password ?? '' };
    transport.authMethod = 'PLAIN';
  }
  return nodemailer.createTransport(transport);
}

/**
 * Sends one message (text/plain UTF-8, the attachment beside it). Throws an SmtpError carrying
 * the server's reply code when it answered; credentials are never part of an error message.
 */
export async function sendMail(transport: nodemailer.Transporter<SMTPTransport.SentMessageInfo>, message: MailMessage): Promise<{ response: string; messageId: string }> {
  for (const mailbox of [message.from, message.to]) {
    if (!isMailAddress(bareAddress(mailbox))) throw new SmtpError(`Not an e-mail address: ${JSON.stringify(mailbox.slice(0, 200))}`);
  }
  try {
    const info = await transport.sendMail({
      from: toAddress(message.from),
      to: toAddress(message.to),
      subject: message.subject.replace(/[\r\n]+/g, ' '),
      text: message.text,
      attachments: message.attachment
        ? [{ filename: message.attachment.filename, contentType: message.attachment.contentType, content: message.attachment.content, contentTransferEncoding: 'base64' }]
        : undefined,
    });
    return { response: info.response, messageId: info.messageId };
  } catch (err) {
    const e = err as Error & { responseCode?: number; code?: string; response?: string };
    const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
    // nodemailer's messages name the command and the reply, never the password; the reply is cut short.
    throw new SmtpError(`SMTP: ${(e.message || String(err)).slice(0, 400)}${e.code ? ` (${e.code})` : ''}`, code);
  }
}
