import { cutUtf8, flagPages, hocrConfidences, lastLine, ocrCommand, visibleChars } from './ocr-tools';

describe('OCR tools', () => {
  it("reads each word's confidence from tesseract's hOCR", () => {
    const hocr = `<div class='ocr_page' id='page_1' title='image "x.png"; bbox 0 0 1240 1754; ppageno 0'>
      <span class='ocr_line' id='line_1_1' title="bbox 125 90 775 119; baseline 0 -7; x_size 29">
        <span class='ocrx_word' id='word_1_1' title='bbox 125 90 402 119; x_wconf 96'>PEMERINTAH</span>
        <span class='ocrx_word' id='word_1_2' title='bbox 420 90 520 119; x_wconf 41'>K0TA</span>
      </span></div>`;
    expect(hocrConfidences(hocr)).toEqual([96, 41]);
    expect(hocrConfidences("<div class='ocr_page'></div>")).toEqual([]);
  });

  it('flags the pages below the threshold for TU, weighs the mean by words and ignores blank pages', () => {
    const pages = [
      { page: 1, words: 300, meanConfidence: 95 },
      { page: 2, words: 100, meanConfidence: 55 },
      { page: 3, words: 0, meanConfidence: null },
    ];
    expect(flagPages(pages, 75)).toEqual({ meanConfidence: 85, lowConfidencePages: [2] });
    expect(flagPages(pages, 50).lowConfidencePages).toEqual([]);
    expect(flagPages([{ page: 1, words: 0, meanConfidence: null }], 75)).toEqual({ meanConfidence: null, lowConfidencePages: [] });
  });

  it('cuts text to a byte limit without splitting a character', () => {
    expect(cutUtf8('abc', 10)).toBe('abc');
    expect(cutUtf8('aé', 2)).toBe('a');
    expect(Buffer.byteLength(cutUtf8('é'.repeat(100), 51))).toBe(50);
  });

  it('counts visible characters and keeps the last real line of a tool message', () => {
    expect(visibleChars(' \n\t\f ')).toBe(0);
    expect(visibleChars('a b\nc')).toBe(3);
    expect(lastLine('Opened a file\nInputFileError\nOpened a file\n')).toBe('InputFileError');
    expect(lastLine('')).toBe('no message');
  });

  it('builds the one OCR command: Indonesian, sidecar, PDF/A or no output for a signed PDF, a per-page timeout, one core, no optimisation or linearisation pass', () => {
    const pdfa = ocrCommand('/w/in.pdf', '/w/out.pdf', '/w/side.txt', { pageTimeoutSeconds: 90, outputType: 'pdfa' });
    expect(pdfa.command).toBe('ocrmypdf');
    expect(pdfa.args.join(' ')).toBe(
      '-l ind --sidecar /w/side.txt --output-type pdfa --pdf-renderer hocr --tesseract-timeout 90 --jobs 1 --optimize 0 --fast-web-view 999999 --keep-temporary-files --quiet /w/in.pdf /w/out.pdf',
    );
    expect(ocrCommand('/w/in.pdf', '/w/out.pdf', '/w/side.txt', { pageTimeoutSeconds: 90, outputType: 'none' }).args.slice(-1)).toEqual(['-']);
  });
});
