<?php

declare(strict_types=1);

/**
 * A one-page permit as a PDF, written by hand (no library): what a SIM module would send to be
 * signed. The xref offsets are computed, so the file is complete and valid.
 */
function esurat_example_permit_pdf(string $title, string $line): string
{
    $escape = static function (string $text): string {
        return str_replace(['\\', '(', ')'], ['\\\\', '\\(', '\\)'], $text);
    };
    $content = "BT /F1 14 Tf 72 770 Td (PEMERINTAH KOTA PEKALONGAN) Tj 0 -28 Td (" . $escape($title) . ") Tj "
        . "/F1 11 Tf 0 -22 Td (" . $escape($line) . ") Tj ET";
    $objects = [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
        '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
        '<< /Length ' . strlen($content) . " >>\nstream\n" . $content . "\nendstream",
    ];
    $pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    $offsets = [];
    foreach ($objects as $i => $object) {
        $offsets[] = strlen($pdf);
        $pdf .= ($i + 1) . " 0 obj\n" . $object . "\nendobj\n";
    }
    $xref = strlen($pdf);
    $pdf .= 'xref' . "\n" . '0 ' . (count($objects) + 1) . "\n" . "0000000000 65535 f \n";
    foreach ($offsets as $offset) {
        $pdf .= sprintf("%010d 00000 n \n", $offset);
    }
    $pdf .= 'trailer' . "\n" . '<< /Size ' . (count($objects) + 1) . ' /Root 1 0 R >>' . "\n" . 'startxref' . "\n" . $xref . "\n%%EOF\n";
    return $pdf;
}
