<?php

declare(strict_types=1);

/*
 * A plain-PHP webhook receiver (no framework): put it behind Apache/nginx + PHP-FPM, or run
 * `php -S 0.0.0.0:4100 receiver.php`. It verifies each delivery (Standard Webhooks), drops
 * duplicates by event id (delivery is at least once), records the event, and answers 204
 * quickly: the real work happens elsewhere. simpadu.php starts it with `php -S`.
 *
 * ESURAT_WEBHOOK_SECRET: the module's secret (whsec_...). SIMPADU_INBOX: the file the events
 * are appended to, one JSON line each.
 */

use Esurat\Webhook;
use Esurat\WebhookVerificationException;

require __DIR__ . '/../autoload.php';

$payload = (string) file_get_contents('php://input');
$headers = function_exists('getallheaders') ? getallheaders() : Webhook::headersFromServer($_SERVER);

try {
    $event = (new Webhook((string) getenv('ESURAT_WEBHOOK_SECRET'), 300))->verify($payload, $headers);
} catch (WebhookVerificationException $e) {
    http_response_code(401);
    header('Content-Type: text/plain');
    echo $e->getMessage();
    return;
}

$inbox = getenv('SIMPADU_INBOX') ?: sys_get_temp_dir() . '/simpadu-inbox.jsonl';
$file = fopen($inbox, 'c+');
flock($file, LOCK_EX);
$seen = false;
while (($line = fgets($file)) !== false) {
    $known = json_decode($line, true);
    if (is_array($known) && $known['id'] === $event['id']) {
        $seen = true;
        break;
    }
}
if (!$seen) {
    fseek($file, 0, SEEK_END);
    fwrite($file, json_encode($event, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n");
}
flock($file, LOCK_UN);
fclose($file);

http_response_code(204);
