/** What an uploaded attachment is, judged by its bytes (never by its name or the client's type). */
export interface SniffedFile {
  contentType: string;
  /** The extension the file should carry. */
  extension: string;
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const ODF: Record<string, string> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

const OOXML: { part: string; contentType: string; extension: string }[] = [
  { part: 'word/', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  { part: 'xl/', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  { part: 'ppt/', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' },
];

const LEGACY: Record<string, SniffedFile> = {
  doc: { contentType: 'application/msword', extension: 'doc' },
  xls: { contentType: 'application/vnd.ms-excel', extension: 'xls' },
  ppt: { contentType: 'application/vnd.ms-powerpoint', extension: 'ppt' },
};

/** Names of the entries of a ZIP archive, from its local file headers. */
function zipEntryNames(bytes: Buffer, max = 2000): string[] {
  const names: string[] = [];
  let offset = 0;
  while (names.length < max && offset + 30 <= bytes.length && bytes.readUInt32LE(offset) === 0x04034b50) {
    const flags = bytes.readUInt16LE(offset + 6);
    const compressed = bytes.readUInt32LE(offset + 18);
    const nameLength = bytes.readUInt16LE(offset + 26);
    const extraLength = bytes.readUInt16LE(offset + 28);
    names.push(bytes.toString('utf8', offset + 30, offset + 30 + nameLength));
    // With a data descriptor (bit 3) the size is only known after the data: stop, the names seen so far suffice.
    if (flags & 0x08) break;
    offset += 30 + nameLength + extraLength + compressed;
  }
  return names;
}

/**
 * PDF, Office Open XML (docx/xlsx/pptx), OpenDocument (odt/ods/odp) and legacy Office
 * (doc/xls/ppt, an OLE2 container; the name's extension picks which) are accepted; anything
 * else is not. PDFs are checked further by inspectPdf.
 */
export function sniffAttachment(bytes: Buffer, originalName = ''): SniffedFile | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return { contentType: 'application/pdf', extension: 'pdf' };
  if (bytes.subarray(0, 8).equals(OLE2)) {
    const ext = /\.([a-z]+)$/i.exec(originalName)?.[1]?.toLowerCase() ?? '';
    return LEGACY[ext] ?? null;
  }
  if (bytes.subarray(0, 4).equals(ZIP)) {
    const names = zipEntryNames(bytes);
    if (names[0] === 'mimetype') {
      const start = 30 + bytes.readUInt16LE(26) + bytes.readUInt16LE(28);
      const mime = bytes.toString('latin1', start, start + bytes.readUInt32LE(18));
      if (ODF[mime]) return { contentType: mime, extension: ODF[mime] };
      return null;
    }
    if (names.includes('[Content_Types].xml')) {
      const kind = OOXML.find((k) => names.some((n) => n.startsWith(k.part)));
      if (kind) return { contentType: kind.contentType, extension: kind.extension };
    }
  }
  return null;
}
