import { formatIndonesianDate, formatWibDateTime } from '../common/time/indonesian-date';
import type { PublicLetterView } from './verification.service';

const CAPACITY: Record<string, string> = { holder: '', plt: 'Plt. ', plh: 'Plh. ' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function formatDate(iso: string | null): string {
  return iso ? formatIndonesianDate(iso) : '-';
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,Arial,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}
th{width:35%;color:#555;font-weight:normal}.button{display:inline-block;min-height:44px;line-height:1.4;padding:.6rem 1rem;background:#0b5394;color:#fff;border-radius:6px;text-decoration:none;font-weight:bold}.button:focus{outline:3px solid #f0b400;outline-offset:2px}.ok{color:#0a6b2b;font-weight:bold}.warn{color:#8a5300;font-weight:bold}small{color:#666}
</style>
</head>
<body>
${body}
</body>
</html>`;
}

/** The public page the QR code opens: what the letter is, who signed it, and how to check a copy. */
export function verificationPage(view: PublicLetterView): string {
  const signers = view.signers.length
    ? `<ol>${view.signers
        .map((s) => `<li>${escapeHtml(s.name)}<br><small>${escapeHtml(`${CAPACITY[s.capacity] ?? ''}${s.position}`)}, ${escapeHtml(formatWibDateTime(s.signedAt))}</small></li>`)
        .join('')}</ol>`
    : '-';
  const rows: [string, string][] = [
    ['Nomor', escapeHtml(view.number ?? '-')],
    ['Tanggal', escapeHtml(formatDate(view.date))],
    ['Jenis naskah', escapeHtml(view.typeLabel)],
    ['Sifat', escapeHtml(view.sifatLabel)],
    ['Hal', view.subject === undefined ? '<em>Dirahasiakan</em>' : escapeHtml(view.subject)],
    ['Status', escapeHtml(view.statusLabel)],
    ['Penandatangan', signers],
    ...(view.signatures?.some((x) => x.kind === 'signature') ? ([['Tanda tangan elektronik', signatureLevels(view)]] as [string, string][]) : []),
  ];
  const verdict = view.signed
    ? '<p class="ok">Naskah ini terdaftar dan telah ditandatangani secara elektronik.</p>'
    : '<p class="warn">Naskah ini terdaftar tetapi belum selesai ditandatangani.</p>';
  return page(
    'Verifikasi Naskah Dinas',
    `<h1>Verifikasi Naskah Dinas</h1>
${verdict}
<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>
<p><small>Bukti hukum adalah tanda tangan elektronik di dalam berkas PDF, bukan kode QR ini.</small></p>
<p><a class="button" href="/verifikasi?kode=${encodeURIComponent(view.code)}">Periksa keaslian berkas PDF Anda</a></p>
<p><small>Unggah salinan PDF Anda di halaman itu untuk memastikan berkasnya asli dan setiap tanda tangannya utuh.</small></p>
<p><small>Kode verifikasi: ${escapeHtml(view.code)}</small></p>`,
  );
}

/** Each signature's PAdES level and the time its timestamp proves, from the stored file alone. */
function signatureLevels(view: PublicLetterView): string {
  const items = (view.signatures ?? [])
    .filter((x) => x.kind === 'signature')
    .map((x) => {
      const when = x.provenTime ? `waktu terbukti ${formatWibDateTime(new Date(x.provenTime))}` : 'waktu hanya diklaim penanda tangan';
      const verdict = x.holds ? 'sah pada waktu itu' : 'tidak dapat dipastikan';
      return `<li>${escapeHtml(x.signerName ?? '-')}: PAdES ${escapeHtml(x.level)}, ${escapeHtml(when)}, ${verdict}</li>`;
    });
  return `<ol>${items.join('')}</ol>`;
}

export function notFoundPage(): string {
  return page(
    'Naskah tidak ditemukan',
    `<h1>Naskah tidak ditemukan</h1>
<p class="warn">Kode verifikasi ini tidak terdaftar. Naskah dengan kode QR ini tidak diterbitkan oleh sistem ini.</p>
<p><a class="button" href="/verifikasi">Periksa berkas PDF atau kode lain</a></p>`,
  );
}
