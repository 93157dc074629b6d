<?php

declare(strict_types=1);

/*
 * SIMPADU (one-stop permits), in plain PHP, asking e-Surat for a permit's approval and signature:
 *
 *   ESURAT_URL=https://esurat.example.go.id ESURAT_API_KEY=... ESURAT_WEBHOOK_SECRET=whsec_... \
 *   SIMPADU_SIGNER_POSITION_ID=<position id of the Kepala Dinas> \
 *   SIMPADU_RECEIVER_PORT=4100 SIMPADU_CALLBACK_URL=http://<this host>:4100/webhooks/esurat \
 *   php clients/php/examples/simpadu.php
 *
 * It starts receiver.php with PHP's built-in server, checks the receiver with a test delivery
 * (`ping`), submits a permit PDF for approval, waits for the webhooks until the approval is
 * decided, downloads the signed PDF (SIMPADU_OUTPUT, when set) and shows each delivery as
 * e-Surat recorded it. The callback URL must be registered for the module by an administrator.
 * The last line of its output is a JSON summary; it exits 0 once the permit is approved and signed.
 */

use Esurat\Client;

require __DIR__ . '/../autoload.php';
require __DIR__ . '/permit-pdf.php';

$env = static function (string $name, ?string $default = null): string {
    $value = getenv($name);
    if ($value === false || $value === '') {
        if ($default === null) {
            fwrite(STDERR, "$name is not set\n");
            exit(2);
        }
        return $default;
    }
    return $value;
};
$log = static function (string $line): void {
    echo '[simpadu] ' . $line . "\n";
};

$port = (int) $env('SIMPADU_RECEIVER_PORT', '0');
if ($port === 0) {
    $probe = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr((string) strrchr((string) stream_socket_get_name($probe, false), ':'), 1);
    fclose($probe);
}
$callbackUrl = $env('SIMPADU_CALLBACK_URL', "http://127.0.0.1:$port/webhooks/esurat");
$timeout = (int) $env('SIMPADU_TIMEOUT', '300');
$inbox = tempnam(sys_get_temp_dir(), 'simpadu-inbox-');
$receiverEnv = ['ESURAT_WEBHOOK_SECRET' => $env('ESURAT_WEBHOOK_SECRET'), 'SIMPADU_INBOX' => $inbox, 'PATH' => (string) getenv('PATH')];
$receiver = proc_open(
    [PHP_BINARY, '-S', "0.0.0.0:$port", __DIR__ . '/receiver.php'],
    [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
    $pipes,
    null,
    $receiverEnv
);
register_shutdown_function(static function () use ($receiver, $inbox): void {
    proc_terminate($receiver);
    proc_close($receiver);
    @unlink($inbox);
});
for ($i = 0; $i < 100 && ($socket = @fsockopen('127.0.0.1', $port, $errno, $error, 0.1)) === false; $i++) {
    usleep(50000);
}
if ($socket === false) {
    fwrite(STDERR, "the receiver did not start on port $port\n");
    exit(2);
}
fclose($socket);
$log("receiver listening on port $port, callback $callbackUrl");

/** @return array<int, array<string, mixed>> the verified events received so far */
$received = static function () use ($inbox): array {
    $events = [];
    foreach (file($inbox, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $line) {
        $events[] = json_decode($line, true);
    }
    return $events;
};
$waitFor = static function (callable $found, string $what) use ($received, $timeout): array {
    $deadline = time() + $timeout;
    while (time() <= $deadline) {
        foreach ($received() as $event) {
            if ($found($event)) {
                return $event;
            }
        }
        usleep(200000);
    }
    throw new RuntimeException("no $what within $timeout s");
};

$esurat = new Client($env('ESURAT_URL'), $env('ESURAT_API_KEY'), ['timeout' => 30]);

$ping = $esurat->sendTestWebhook($callbackUrl);
$waitFor(static function (array $e) use ($ping): bool {
    return $e['id'] === $ping['id'];
}, 'test delivery');
$log('test delivery received and verified');

$reference = $env('SIMPADU_REFERENCE', '503/IUM/2026/' . random_int(1000, 9999));
$signer = $env('SIMPADU_SIGNER_POSITION_ID');
$created = $esurat->createApproval([
    'reference' => $reference,
    'title' => "Izin Usaha Mikro $reference a.n. CV Batik Pesisir",
    'approvers' => [['positionIds' => [$signer]]],
    'signerPositionIds' => [$signer],
    'metadata' => ['applicant' => 'CV Batik Pesisir', 'fee' => 0],
    'callbackUrl' => $callbackUrl,
    'pdf' => esurat_example_permit_pdf("Izin Usaha Mikro No. $reference", 'Diberikan kepada CV Batik Pesisir, Jl. Hayam Wuruk No. 7'),
    'pdfFileName' => 'izin-usaha-mikro.pdf',
], 'simpadu-' . $reference);
$id = $created['approval']['id'];
$log("approval $id {$created['approval']['state']}; waiting for the officials");

$final = $waitFor(static function (array $e) use ($id): bool {
    return ($e['data']['approvalId'] ?? null) === $id && in_array($e['data']['state'], ['approved', 'rejected', 'cancelled'], true);
}, 'decision');
$log("decided: {$final['data']['state']}");

$signed = false;
$pdfBytes = 0;
if ($final['data']['state'] === 'approved') {
    $document = $esurat->downloadSignedPdf($id);
    $signed = $document['signed'];
    $pdfBytes = strlen($document['bytes']);
    $output = getenv('SIMPADU_OUTPUT');
    if ($output !== false && $output !== '') {
        file_put_contents($output, $document['bytes']);
    }
    $log(sprintf('signed PDF: %d bytes%s', $pdfBytes, $signed ? '' : ' (not signed!)'));
}

// How e-Surat saw the deliveries: the module's own view, without asking an administrator.
// The last answer may still be on its way into e-Surat's records: a few seconds' grace.
for ($i = 0; $i < 50; $i++) {
    $deliveries = $esurat->listWebhookEvents(['approvalId' => $id])['items'];
    $settled = array_filter($deliveries, static function (array $d): bool {
        return $d['status'] === 'delivered' || $d['status'] === 'dead';
    });
    if (count($settled) === count($deliveries)) {
        break;
    }
    usleep(200000);
}
foreach ($deliveries as $delivery) {
    $log(sprintf('%s %s after %d attempt(s)', $delivery['type'], $delivery['status'], count($delivery['attempts'])));
}

$events = array_values(array_filter($received(), static function (array $e) use ($id): bool {
    return ($e['data']['approvalId'] ?? null) === $id;
}));
echo json_encode([
    'approvalId' => $id,
    'finalState' => $final['data']['state'],
    'events' => array_map(static function (array $e): string {
        return $e['type'];
    }, $events),
    'deliveries' => array_map(static function (array $d): string {
        return $d['status'];
    }, $deliveries),
    'signed' => $signed,
    'pdfBytes' => $pdfBytes,
], JSON_UNESCAPED_SLASHES) . "\n";
exit($final['data']['state'] === 'approved' && $signed ? 0 : 1);
