<?php

declare(strict_types=1);

namespace Esurat;

/**
 * A client of the e-Surat Core approval API for SIM modules (X-Api-Key). PHP 7.4 to 8.3 with
 * ext-curl and ext-json only.
 *
 * Every call has a timeout; 429 and 503 answers are retried with exponential backoff (with
 * jitter) that honours Retry-After; any other refusal is an ApiException carrying the API's
 * `code` and the HTTP status; no answer at all is a TransportException.
 */
final class Client
{
    public const VERSION = '1.0.0';

    /** @var string */
    private $baseUrl;

    /** @var string */
    private $apiKey;

    /**
     * @var array{timeout: float, connectTimeout: float, maxRetries: int, retryBaseDelay: float,
     *     maxRetryDelay: float, userAgent: string}
     */
    private $options;

    /** @var callable(float): void */
    private $sleep;

    /**
     * @param string $baseUrl e.g. `https://esurat.pekalongankota.go.id`
     * @param string $apiKey the module's API key (X-Api-Key)
     * @param array<string, mixed> $options `timeout` (seconds per call, 30), `connectTimeout` (10),
     *   `maxRetries` (of a 429 or 503, 3), `retryBaseDelay` (seconds, 0.5), `maxRetryDelay`
     *   (seconds, 30: a longer Retry-After gives up), `userAgent`, `sleep` (callable(float $seconds), for tests)
     */
    public function __construct(string $baseUrl, string $apiKey, array $options = [])
    {
        $this->baseUrl = rtrim($baseUrl, '/');
        $this->apiKey = $apiKey;
        $this->options = [
            'timeout' => (float) ($options['timeout'] ?? 30),
            'connectTimeout' => (float) ($options['connectTimeout'] ?? 10),
            'maxRetries' => (int) ($options['maxRetries'] ?? 3),
            'retryBaseDelay' => (float) ($options['retryBaseDelay'] ?? 0.5),
            'maxRetryDelay' => (float) ($options['maxRetryDelay'] ?? 30),
            'userAgent' => (string) ($options['userAgent'] ?? 'esurat-php/' . self::VERSION . ' PHP/' . PHP_VERSION),
        ];
        $this->sleep = $options['sleep'] ?? static function (float $seconds): void {
            usleep((int) round($seconds * 1000000));
        };
    }

    /**
     * Asks for an approval. Give an Idempotency-Key (e.g. your record's id): a retry after a
     * timeout then returns the same approval (`created` false) instead of creating another.
     * With `$request['pdf']` (the PDF's bytes) the request is sent as multipart; `pdfFileName` names it.
     *
     * @param array<string, mixed> $request reference, title, approvers, signerPositionIds, metadata, callbackUrl...
     * @return array{approval: array<string, mixed>, created: bool}
     */
    public function createApproval(array $request, ?string $idempotencyKey = null): array
    {
        $headers = [];
        if ($idempotencyKey !== null) {
            $headers[] = 'Idempotency-Key: ' . $idempotencyKey;
        }
        if (isset($request['pdf'])) {
            $pdf = (string) $request['pdf'];
            $fileName = (string) ($request['pdfFileName'] ?? 'document.pdf');
            unset($request['pdf'], $request['pdfFileName']);
            $boundary = 'esurat-' . bin2hex(random_bytes(12));
            $body = $this->multipart($boundary, self::encode($request), $pdf, $fileName);
            $headers[] = 'Content-Type: multipart/form-data; boundary=' . $boundary;
        } else {
            $body = self::encode($request);
            $headers[] = 'Content-Type: application/json';
        }
        $response = $this->call('POST', '/api/v1/approvals', $body, $headers);
        return ['approval' => self::decode($response['body']), 'created' => $response['status'] === 201];
    }

    /** @return array<string, mixed> state, decisions, document link */
    public function getApproval(string $id): array
    {
        return self::decode($this->call('GET', '/api/v1/approvals/' . rawurlencode($id))['body']);
    }

    /**
     * The module's approvals, newest first.
     *
     * @param array<string, string|int> $query reference, state, page, limit
     * @return array{items: array<int, array<string, mixed>>, total: int, page: int, limit: int}
     */
    public function listApprovals(array $query = []): array
    {
        return self::decode($this->call('GET', '/api/v1/approvals' . self::query($query))['body']);
    }

    /**
     * Cancels the approval while it is pending; afterwards ApiException TRANSITION_NOT_ALLOWED (422).
     *
     * @return array<string, mixed>
     */
    public function cancelApproval(string $id, ?string $comment = null): array
    {
        $body = $comment === null ? new \stdClass() : ['comment' => $comment];
        return $this->postJson('/api/v1/approvals/' . rawurlencode($id) . '/cancel', $body);
    }

    /**
     * The approval's PDF: the signed revision once signed (`signed` true), else the original.
     *
     * @return array{bytes: string, signed: bool}
     */
    public function downloadSignedPdf(string $id): array
    {
        $path = '/api/v1/approvals/' . rawurlencode($id) . '/document';
        $response = $this->call('GET', $path, null, ['Accept: application/pdf']);
        $signed = ($response['headers']['x-esurat-document'] ?? '') === 'signed';
        return ['bytes' => $response['body'], 'signed' => $signed];
    }

    /**
     * The module's webhook events, oldest first, each with its delivery attempts (at, url,
     * statusCode 0 for no answer, durationMs, error): why a delivery failed.
     *
     * @param array<string, string|int> $query approvalId, type, status (pending, delivered, failed,
     *     dead), after (an event id), limit
     * @return array{items: array<int, array<string, mixed>>, nextAfter: string|null}
     */
    public function listWebhookEvents(array $query = []): array
    {
        return self::decode($this->call('GET', '/api/v1/webhooks/events' . self::query($query))['body']);
    }

    /**
     * Delivers one of the module's events again, with the same webhook-id.
     *
     * @return array{id: string, status: string}
     */
    public function resendWebhookEvent(string $eventId): array
    {
        $path = '/api/v1/webhooks/events/' . rawurlencode($eventId) . '/resend';
        return self::decode($this->call('POST', $path)['body']);
    }

    /**
     * Sends a signed `ping` event to one of the module's registered callback URLs.
     *
     * @return array{id: string, status: string}
     */
    public function sendTestWebhook(string $callbackUrl): array
    {
        return $this->postJson('/api/v1/webhooks/test', ['callbackUrl' => $callbackUrl]);
    }

    /**
     * @param array<string, mixed>|\stdClass $body
     * @return array<string, mixed>
     */
    private function postJson(string $path, $body): array
    {
        $response = $this->call('POST', $path, self::encode($body), ['Content-Type: application/json']);
        return self::decode($response['body']);
    }

    /**
     * @param string[] $headers
     * @return array{status: int, headers: array<string, string>, body: string}
     */
    private function call(string $method, string $path, ?string $body = null, array $headers = []): array
    {
        for ($attempt = 0;; $attempt++) {
            $response = $this->send($method, $path, $body, $headers);
            $status = $response['status'];
            if ($status >= 200 && $status < 300) {
                return $response;
            }
            $retryAfter = self::retryAfter($response['headers']['retry-after'] ?? null);
            if (($status === 429 || $status === 503) && $attempt < $this->options['maxRetries']) {
                $backoff = $this->options['retryBaseDelay'] * (2 ** $attempt);
                // Equal jitter: half fixed, half random, so that many clients do not retry together.
                $jittered = $backoff / 2 + (mt_rand() / mt_getrandmax()) * $backoff / 2;
                $delay = $retryAfter !== null ? (float) $retryAfter : $jittered;
                if ($delay <= $this->options['maxRetryDelay']) {
                    ($this->sleep)($delay);
                    continue;
                }
            }
            throw self::apiError($response, $retryAfter);
        }
    }

    /**
     * @param string[] $headers
     * @return array{status: int, headers: array<string, string>, body: string}
     */
    private function send(string $method, string $path, ?string $body, array $headers): array
    {
        $responseHeaders = [];
        $curl = curl_init($this->baseUrl . $path);
        if ($curl === false) {
            throw new TransportException('NETWORK_ERROR', 'curl_init failed');
        }
        $options = [
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_CONNECTTIMEOUT_MS => (int) round($this->options['connectTimeout'] * 1000),
            CURLOPT_TIMEOUT_MS => (int) round($this->options['timeout'] * 1000),
            CURLOPT_USERAGENT => $this->options['userAgent'],
            // `Expect:` stops curl from waiting for a 100 Continue before a large body.
            CURLOPT_HTTPHEADER => array_merge(
                ['X-Api-Key: ' . $this->apiKey, 'Accept: application/json', 'Expect:'],
                $headers
            ),
            CURLOPT_HEADERFUNCTION => static function ($handle, string $line) use (&$responseHeaders): int {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $responseHeaders[strtolower(trim($parts[0]))] = trim($parts[1]);
                }
                return strlen($line);
            },
        ];
        if ($body !== null) {
            $options[CURLOPT_POSTFIELDS] = $body;
        } elseif ($method === 'POST') {
            $options[CURLOPT_POSTFIELDS] = '';
        }
        curl_setopt_array($curl, $options);
        $result = curl_exec($curl);
        $errno = curl_errno($curl);
        $error = curl_error($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        curl_close($curl);
        if ($result === false || $errno !== 0) {
            $code = $errno === CURLE_OPERATION_TIMEDOUT ? 'TIMEOUT' : 'NETWORK_ERROR';
            $why = $error !== '' ? $error : 'no answer';
            throw new TransportException($code, sprintf('%s %s: %s', $method, $path, $why));
        }
        return ['status' => $status, 'headers' => $responseHeaders, 'body' => (string) $result];
    }

    private function multipart(string $boundary, string $json, string $pdf, string $fileName): string
    {
        $safeName = str_replace(['"', "\r", "\n"], '', $fileName);
        return "--{$boundary}\r\n"
            . "Content-Disposition: form-data; name=\"request\"\r\n"
            . "Content-Type: application/json\r\n\r\n"
            . $json . "\r\n"
            . "--{$boundary}\r\n"
            . "Content-Disposition: form-data; name=\"pdf\"; filename=\"{$safeName}\"\r\n"
            . "Content-Type: application/pdf\r\n\r\n"
            . $pdf . "\r\n"
            . "--{$boundary}--\r\n";
    }

    /**
     * @param array{status: int, headers: array<string, string>, body: string} $response
     */
    private static function apiError(array $response, ?int $retryAfter): ApiException
    {
        $error = json_decode($response['body'], true);
        if (is_array($error) && isset($error['code']) && is_string($error['code'])) {
            $message = (string) ($error['message'] ?? '');
            $details = $error['details'] ?? null;
            return new ApiException($response['status'], $error['code'], $message, $details, $retryAfter);
        }
        $text = substr($response['body'], 0, 500);
        return new ApiException($response['status'], 'HTTP_ERROR', $text, null, $retryAfter);
    }

    /** Retry-After as seconds: a number, or an HTTP date. */
    private static function retryAfter(?string $value): ?int
    {
        if ($value === null || $value === '') {
            return null;
        }
        if (preg_match('/^[0-9]+$/', $value) === 1) {
            return (int) $value;
        }
        $at = strtotime($value);
        return $at === false ? null : max(0, $at - time());
    }

    /**
     * @param array<string, string|int|null> $query
     */
    private static function query(array $query): string
    {
        $query = array_filter($query, static function ($value): bool {
            return $value !== null;
        });
        return $query === [] ? '' : '?' . http_build_query($query, '', '&', PHP_QUERY_RFC3986);
    }

    /**
     * @param mixed $value
     */
    private static function encode($value): string
    {
        return json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    }

    /** @return array<string, mixed> */
    private static function decode(string $body): array
    {
        $value = json_decode($body, true, 512, JSON_THROW_ON_ERROR);
        if (!is_array($value)) {
            throw new EsuratException('The API answered something other than a JSON object');
        }
        return $value;
    }
}
