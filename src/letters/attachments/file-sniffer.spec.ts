import { storedZip } from '../../../test/factories/correspondence.factory';
import { sniffAttachment } from './file-sniffer';

describe('sniffAttachment', () => {
  it('recognises PDF, OOXML, ODF and legacy Office by their bytes', () => {
    expect(sniffAttachment(Buffer.from('%PDF-1.7\n...'))).toEqual({ contentType: 'application/pdf', extension: 'pdf' });
    expect(sniffAttachment(storedZip([['[Content_Types].xml', '<Types/>'], ['_rels/.rels', ''], ['word/document.xml', '<w/>']]))?.extension).toBe('docx');
    expect(sniffAttachment(storedZip([['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<x/>']]))?.extension).toBe('xlsx');
    expect(sniffAttachment(storedZip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<o/>']]))?.extension).toBe('odt');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(sniffAttachment(ole, 'anggaran.XLS')?.contentType).toBe('application/vnd.ms-excel');
  });

  it('refuses everything else, whatever the name says', () => {
    expect(sniffAttachment(Buffer.from('MZ\x90\x00 an executable'), 'laporan.pdf')).toBeNull();
    expect(sniffAttachment(Buffer.from('<html>'), 'surat.docx')).toBeNull();
    expect(sniffAttachment(storedZip([['evil.exe', 'MZ']]), 'lampiran.docx')).toBeNull();
    expect(sniffAttachment(storedZip([['mimetype', 'application/epub+zip']]))).toBeNull();
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(sniffAttachment(ole, 'setup.msi')).toBeNull();
  });
});
