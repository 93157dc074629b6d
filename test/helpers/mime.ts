/** A MIME body decoded by its Content-Transfer-Encoding (base64, quoted-printable, 7bit/8bit). */
function decodeBody(head: string, body: string): Buffer {
  const cte = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1].toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (cte === 'quoted-printable') {
    const soft = body.replace(/=\r\n/g, '').replace(/\r\n/g, '\n');
    return Buffer.from(soft.replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  }
  return Buffer.from(body.replace(/\r\n/g, '\n'), 'latin1');
}

/** The decoded body of the MIME part with the given Content-Type. */
export function mimePart(mime: string, contentType: string): { head: string; bytes: Buffer } | undefined {
  const boundary = /boundary="([^"]+)"/.exec(mime)?.[1];
  if (!boundary) return undefined;
  for (const part of mime.split(`--${boundary}`)) {
    const [head, ...rest] = part.replace(/^\r\n/, '').split('\r\n\r\n');
    if (!head.toLowerCase().includes(`content-type: ${contentType}`)) continue;
    return { head, bytes: decodeBody(head, rest.join('\r\n\r\n').replace(/\r\n$/, '')) };
  }
  return undefined;
}

/** The plain text of a message, single-part or multipart. */
export function mailText(mime: string): string {
  const [head, ...rest] = mime.split('\r\n\r\n');
  if (/^content-type:\s*multipart\//im.test(head)) return mimePart(mime, 'text/plain')?.bytes.toString('utf8') ?? '';
  return decodeBody(head, rest.join('\r\n\r\n').replace(/\r\n$/, '')).toString('utf8');
}
