/** The decoded body of the MIME part with the given Content-Type (base64, quoted-printable or 7bit). */
export function mimePart(mime: string, contentType: string): { head: string; bytes: Buffer } | undefined {
  const boundary = /boundary="([^"]+)"/.exec(mime)?.[1];
  if (!boundary) return undefined;
  for (const part of mime.split(`--${boundary}`)) {
    const [head, ...rest] = part.replace(/^\r\n/, '').split('\r\n\r\n');
    if (!head.toLowerCase().includes(`content-type: ${contentType}`)) continue;
    const body = rest.join('\r\n\r\n').replace(/\r\n$/, '');
    const cte = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1].toLowerCase();
    if (cte === 'base64') return { head, bytes: Buffer.from(body.replace(/\s+/g, ''), 'base64') };
    if (cte === 'quoted-printable') {
      const soft = body.replace(/=\r\n/g, '');
      return { head, bytes: Buffer.from(soft.replace(/\r\n/g, '\n').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1') };
    }
    return { head, bytes: Buffer.from(body.replace(/\r\n/g, '\n'), 'latin1') };
  }
  return undefined;
}

