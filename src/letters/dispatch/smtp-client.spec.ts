import * as net from 'node:net';
import { base64Lines, bareAddress, buildMime, dotStuff, encodeHeaderText, formatMailbox, isMailAddress, sendMail, SmtpError } from './smtp-client';

describe('SMTP client', () => {
  describe('dotStuff', () => {
    it('doubles a leading dot, uses CRLF and ends with the terminator', () => {
      expect(dotStuff('a\n.b\n..c\nd.e')).toBe('a\r\n..b\r\n...c\r\nd.e\r\n.\r\n');
      expect(dotStuff('.\r\n')).toBe('..\r\n.\r\n');
      expect(dotStuff('x\r\n')).toBe('x\r\n.\r\n');
    });
  });

  describe('headers', () => {
    it('keeps ASCII subjects and encodes others as UTF-8 encoded words of at most 75 characters', () => {
      expect(encodeHeaderText('Undangan Rapat')).toBe('Undangan Rapat');
      const long = 'Permohonan Dukungan — Integrasi Sistem Informasi Kesehatan Kota Pekalongan Tahun Anggaran 2026';
      const encoded = encodeHeaderText(long);
      const words = encoded.split('\r\n ');
      expect(words.length).toBeGreaterThan(1);
      for (const w of words) {
        expect(w).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
        expect(w.length).toBeLessThanOrEqual(75);
      }
      const decoded = words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('');
      expect(decoded).toBe(long);
    });

    it('formats mailboxes and addresses', () => {
      expect(bareAddress('e-Surat <noreply@kota.go.id>')).toBe('noreply@kota.go.id');
      expect(bareAddress('a@b.id')).toBe('a@b.id');
      expect(formatMailbox('e-Surat <noreply@kota.go.id>')).toBe('"e-Surat" <noreply@kota.go.id>');
      expect(formatMailbox('Dinas Pendidikan "Kota" <a@b.id>')).toBe('"Dinas Pendidikan \\"Kota\\"" <a@b.id>');
      expect(formatMailbox('Universitas Pekalongan <Rektor> <rektorat@unikal.example>')).toBe('"Universitas Pekalongan <Rektor>" <rektorat@unikal.example>');
      expect(formatMailbox('Bapak Šimon <a@b.id>')).toMatch(/^=\?UTF-8\?B\?.+\?= <a@b\.id>$/);
      expect(isMailAddress('rektorat@unikal.example')).toBe(true);
      expect(isMailAddress('a@b\r\nRCPT TO:<x@y>')).toBe(false);
      expect(isMailAddress('no-at-sign')).toBe(false);
    });
  });

  describe('buildMime', () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(500, 7)]);
    const mime = buildMime({
      from: 'e-Surat <noreply@pekalongankota.go.id>',
      to: 'Universitas Pekalongan <rektorat@unikal.example>',
      subject: 'Undangan Rapat Koordinasi — Tahun 2026',
      text: 'Yth. Rektor,\n\nBersama surel ini kami sampaikan surat.\n.\n',
      attachment: { filename: '800_12_Diskominfo_2026.pdf', contentType: 'application/pdf', content: pdf },
      date: new Date('2026-11-22T03:04:05Z'),
    });

    it('has the headers of a MIME message', () => {
      const [head] = mime.split('\r\n\r\n');
      expect(head).toContain('From: "e-Surat" <noreply@pekalongankota.go.id>');
      expect(head).toContain('To: "Universitas Pekalongan" <rektorat@unikal.example>');
      expect(head).toMatch(/Subject: =\?UTF-8\?B\?/);
      expect(head).toContain('Date: Sun, 22 Nov 2026 03:04:05 +0000');
      expect(head).toMatch(/Message-ID: <[^@\s]+@pekalongankota\.go\.id>/);
      expect(head).toContain('MIME-Version: 1.0');
      expect(head).toMatch(/Content-Type: multipart\/mixed; boundary="([^"]+)"/);
    });

    it('carries the Indonesian text and the PDF as base64 in lines of at most 76 characters', () => {
      const boundary = /boundary="([^"]+)"/.exec(mime)![1];
      const parts = mime.split(`--${boundary}`);
      expect(parts).toHaveLength(4);
      expect(parts[3].trim()).toBe('--');
      const [textHead, textBody] = parts[1].split('\r\n\r\n');
      expect(textHead).toContain('Content-Type: text/plain; charset=UTF-8');
      expect(Buffer.from(textBody.replace(/\s+/g, ''), 'base64').toString('utf8')).toContain('Bersama surel ini');
      const [fileHead, fileBody] = parts[2].split('\r\n\r\n');
      expect(fileHead).toContain('Content-Type: application/pdf; name="800_12_Diskominfo_2026.pdf"');
      expect(fileHead).toContain('Content-Transfer-Encoding: base64');
      expect(fileHead).toContain('Content-Disposition: attachment; filename="800_12_Diskominfo_2026.pdf"');
      for (const line of fileBody.trim().split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
      expect(Buffer.from(fileBody.replace(/\s+/g, ''), 'base64').equals(pdf)).toBe(true);
      // Bare LF never appears: every line ends with CRLF.
      expect(mime.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    });

    it('encodes long base64 exactly at 76 characters', () => {
      const lines = base64Lines(Buffer.alloc(200, 1)).split('\r\n');
      expect(lines[0]).toHaveLength(76);
      expect(lines.every((l) => l.length <= 76)).toBe(true);
    });
  });

  describe('sendMail', () => {
    const serve = (answer: (line: string) => string | undefined) =>
      new Promise<{ server: net.Server; port: number; lines: string[] }>((resolve) => {
        const lines: string[] = [];
        const server = net.createServer((socket) => {
          socket.write('220 test ESMTP\r\n');
          let buf = '';
          let inData = false;
          socket.on('data', (chunk) => {
            buf += chunk.toString('latin1');
            let i: number;
            while ((i = buf.indexOf('\r\n')) >= 0) {
              const line = buf.slice(0, i);
              buf = buf.slice(i + 2);
              lines.push(line);
              if (inData) {
                if (line === '.') {
                  inData = false;
                  socket.write('250 2.0.0 queued\r\n');
                }
                continue;
              }
              const reply = answer(line);
              if (reply === '354') inData = true;
              if (reply) socket.write(reply === '354' ? '354 go ahead\r\n' : reply);
            }
          });
        });
        server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as net.AddressInfo).port, lines }));
      });
    const basic = (line: string) =>
      line.startsWith('EHLO') ? '250-test\r\n250-SIZE 1000000\r\n250 AUTH PLAIN LOGIN\r\n'
      : line.startsWith('AUTH') ? '235 ok\r\n'
      : line === 'DATA' ? '354'
      : line === 'QUIT' ? '221 bye\r\n'
      : '250 ok\r\n';

    it('talks EHLO, AUTH PLAIN, MAIL, RCPT, DATA (dot-stuffed), QUIT', async () => {
      const { server, port, lines } = await serve(basic);
      try {
        const res = await sendMail({ host: '127.0.0.1', port, secure: false, starttls: 'auto', user: 'u', password: 'p', timeoutMs: 2000 }, { from: 'e-Surat <a@b.id>', to: ['c@d.id'] }, 'Subject: x\r\n\r\n.hidden\r\n');
        expect(res.code).toBe(250);
        expect(lines).toContain(`AUTH PLAIN ${Buffer.from('\0u\0p').toString('base64')}`);
        expect(lines).toContain('MAIL FROM:<a@b.id>');
        expect(lines).toContain('RCPT TO:<c@d.id>');
        expect(lines).toContain('..hidden');
        expect(lines[lines.length - 1]).toBe('QUIT');
      } finally {
        server.close();
      }
    });

    it('fails with the reply code, and without the credentials in the message', async () => {
      const { server, port } = await serve((line) => (line.startsWith('RCPT') ? '550 5.1.1 no such user\r\n' : basic(line)));
      try {
        const err = await sendMail({ host: '127.0.0.1', port, secure: false, starttls: 'never', user: 'u', password: 'sangat-rahasia', timeoutMs: 2000 }, { from: 'a@b.id', to: ['c@d.id'] }, 'x').catch((e) => e);
        expect(err).toBeInstanceOf(SmtpError);
        expect(err.code).toBe(550);
        expect(err.permanent).toBe(true);
        expect(err.message).toContain('550 5.1.1 no such user');
        expect(err.message).not.toContain('sangat-rahasia');
      } finally {
        server.close();
      }
    });

    it('times out a silent server and refuses STARTTLS=required without the extension', async () => {
      const silent = net.createServer(() => undefined);
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      try {
        const port = (silent.address() as net.AddressInfo).port;
        await expect(sendMail({ host: '127.0.0.1', port, secure: false, starttls: 'auto', timeoutMs: 200 }, { from: 'a@b.id', to: ['c@d.id'] }, 'x')).rejects.toThrow(/no reply to the greeting within 200 ms/);
      } finally {
        silent.close();
      }
      const { server, port } = await serve(basic);
      try {
        await expect(sendMail({ host: '127.0.0.1', port, secure: false, starttls: 'required', timeoutMs: 2000 }, { from: 'a@b.id', to: ['c@d.id'] }, 'x')).rejects.toThrow(/does not offer STARTTLS/);
        await expect(sendMail({ host: '127.0.0.1', port, secure: false, starttls: 'auto', timeoutMs: 2000 }, { from: 'a@b.id', to: ['c@d.id>\r\nDATA'] }, 'x')).rejects.toThrow(/Not an e-mail address/);
      } finally {
        server.close();
      }
    });
  });
});
