import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeSmtp } from '../../../test/helpers/fake-smtp';
import { mimePart } from '../../../test/helpers/mime';
import { bareAddress, createTransport, isMailAddress, sendMail, SmtpError, SmtpOptions, toAddress } from './mailer';

const options = (port: number, more: Partial<SmtpOptions> = {}): SmtpOptions => ({ host: '127.0.0.1', port, secure: false, starttls: 'never', timeoutMs: 3000, ...more });

describe('Mailer (nodemailer)', () => {
  describe('addresses', () => {
    it('takes the display name whole, up to the last <...>, and checks the address', () => {
      expect(bareAddress('e-Surat <noreply@kota.go.id>')).toBe('noreply@kota.go.id');
      expect(bareAddress('a@b.id')).toBe('a@b.id');
      expect(toAddress('e-Surat <noreply@kota.go.id>')).toEqual({ name: 'e-Surat', address: 'noreply@kota.go.id' });
      expect(toAddress('"Dinas Pendidikan" <a@b.id>')).toEqual({ name: 'Dinas Pendidikan', address: 'a@b.id' });
      expect(toAddress('Universitas Pekalongan <Rektor> <rektorat@unikal.example>')).toEqual({ name: 'Universitas Pekalongan <Rektor>', address: 'rektorat@unikal.example' });
      expect(toAddress('a@b.id')).toBe('a@b.id');
      expect(isMailAddress('rektorat@unikal.example')).toBe(true);
      expect(isMailAddress('a@b\r\nRCPT TO:<x@y>')).toBe(false);
      expect(isMailAddress('no-at-sign')).toBe(false);
    });
  });

  describe('sending to a local SMTP server', () => {
    let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
    beforeAll(async () => {
      smtp = await fakeSmtp(['tidak.ada@unikal.example'], ['penuh@unikal.example'], { hideSTARTTLS: true });
    });
    afterAll(() => smtp.close());

    it('sends with AUTH PLAIN, the Indonesian text and the PDF attached as base64 lines of at most 76 characters', async () => {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 7)]);
      const res = await sendMail(createTransport(options(smtp.port, { user: 'esurat', password: 'rahasia-smtp', clientName: 'esurat.kota.go.id' })), {
        from: 'e-Surat <noreply@pekalongankota.go.id>',
        to: 'Universitas Pekalongan <Rektor> <rektorat@unikal.example>',
        subject: 'Undangan Rapat Koordinasi — Tahun 2026',
        text: 'Yth. Bapak Šimon,\n\nBersama surel ini kami sampaikan surat.\n.\nSalam',
        attachment: { filename: '800_12_Diskominfo_2026.pdf', contentType: 'application/pdf', content: pdf },
      });
      expect(res.response).toMatch(/^250 /);
      const mail = smtp.mails.at(-1)!;
      expect(mail.auth).toEqual({ method: 'PLAIN', username: 'esurat', password: 'rahasia-smtp' });
      expect(mail.from).toBe('noreply@pekalongankota.go.id');
      expect(mail.to).toEqual(['rektorat@unikal.example']);
      const [head] = mail.data.split('\r\n\r\n');
      expect(head).toMatch(/^From: "e-Surat" <noreply@pekalongankota\.go\.id>$/m);
      expect(head).toMatch(/^To: "Universitas Pekalongan <Rektor>" <rektorat@unikal\.example>$/m);
      expect(head).toMatch(/^Subject: =\?UTF-8\?/m);
      expect(head).toMatch(/^Message-ID: <.+@pekalongankota\.go\.id>$/m);
      expect(head).toMatch(/^Content-Type: multipart\/mixed; boundary=/m);
      const text = mimePart(mail.data, 'text/plain');
      expect(text?.head).toMatch(/charset=utf-8/i);
      expect(text?.bytes.toString('utf8')).toBe('Yth. Bapak Šimon,\n\nBersama surel ini kami sampaikan surat.\n.\nSalam');
      const file = mimePart(mail.data, 'application/pdf');
      expect(file?.head).toContain('Content-Transfer-Encoding: base64');
      expect(file?.head).toMatch(/Content-Disposition: attachment;\s+filename=800_12_Diskominfo_2026\.pdf/);
      expect(file!.bytes.equals(pdf)).toBe(true);
      const body = mail.data.split(/\r\n\r\n/).slice(-1)[0];
      for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
      // Bare LF never appears: every line ends with CRLF.
      expect(mail.data.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    });

    it('fails a 5xx answer as permanent, with the reply code and without the credentials', async () => {
      const err = await sendMail(createTransport(options(smtp.port, { user: 'u', password: 'sangat-rahasia' })), { from: 'a@b.id', to: 'tidak.ada@unikal.example', subject: 'x', text: 'x' }).catch((e) => e);
      expect(err).toBeInstanceOf(SmtpError);
      expect(err.code).toBe(550);
      expect(err.permanent).toBe(true);
      expect(err.message).toContain('550');
      expect(err.message).not.toContain('sangat-rahasia');
    });

    it('fails a 4xx answer as transient', async () => {
      const err = await sendMail(createTransport(options(smtp.port)), { from: 'a@b.id', to: 'penuh@unikal.example', subject: 'x', text: 'x' }).catch((e) => e);
      expect(err).toBeInstanceOf(SmtpError);
      expect(err.code).toBe(451);
      expect(err.permanent).toBe(false);
    });

    it('refuses SMTP_STARTTLS=required when the server does not offer it, and an address that could break out of a command', async () => {
      const plain = await fakeSmtp([], [], { disabledCommands: ['STARTTLS'] });
      try {
        const err = await sendMail(createTransport(options(plain.port, { starttls: 'required' })), { from: 'a@b.id', to: 'c@d.id', subject: 'x', text: 'x' }).catch((e) => e);
        expect(err).toBeInstanceOf(SmtpError);
        expect(err.message).toMatch(/STARTTLS/);
        expect(plain.mails).toHaveLength(0);
      } finally {
        await plain.close();
      }
      await expect(sendMail(createTransport(options(smtp.port)), { from: 'a@b.id', to: 'c@d.id>\r\nDATA', subject: 'x', text: 'x' })).rejects.toThrow(/Not an e-mail address/);
    });
  });

  describe('STARTTLS', () => {
    let dir: string;
    let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
    let cert: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'esurat-smtp-tls-'));
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
      smtp = await fakeSmtp([], [], { key: readFileSync(join(dir, 'key.pem')), cert });
    });
    afterAll(async () => {
      await smtp.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const send = (starttls: SmtpOptions['starttls']) => sendMail(createTransport(options(smtp.port, { starttls, ca: cert })), { from: 'a@b.id', to: 'c@d.id', subject: starttls, text: 'x' });

    it('upgrades when offered (auto, required) and stays plain with never', async () => {
      await send('auto');
      await send('required');
      await send('never');
      expect(smtp.secured).toEqual([true, true, false]);
    });

    it('refuses a server certificate it does not trust', async () => {
      const err = await sendMail(createTransport(options(smtp.port, { starttls: 'auto' })), { from: 'a@b.id', to: 'c@d.id', subject: 'x', text: 'x' }).catch((e) => e);
      expect(err).toBeInstanceOf(SmtpError);
      expect(smtp.mails).toHaveLength(3);
    });
  });

  it('times out a server that never greets', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const err = await sendMail(createTransport(options(port, { timeoutMs: 300 })), { from: 'a@b.id', to: 'c@d.id', subject: 'x', text: 'x' }).catch((e) => e);
      expect(err).toBeInstanceOf(SmtpError);
      expect(err.message).toMatch(/greeting|timeout/i);
      expect(err.permanent).toBe(false);
    } finally {
      silent.close();
    }
  });
});
