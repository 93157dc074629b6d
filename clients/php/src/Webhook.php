<?php

declare(strict_types=1);

namespace Esurat;

/**
 * Verifies e-Surat's webhooks as Standard Webhooks (standardwebhooks.com) define them:
 * `webhook-signature` holds `v1,<base64 of HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`,
 * several space-separated during a secret rotation; the key is the bytes of the secret
 * `whsec_<base64>`. The official `standard-webhooks/standard-webhooks` PHP library verifies the
 * same deliveries; this class needs nothing but PHP.
 */
final class Webhook
{
    private const PREFIX = 'whsec_';

    /** @var string */
    private $key;

    /** @var int */
    private $toleranceSeconds;

    /**
     * @param string $secret the module's webhook secret, `whsec_...`, as the administrator gave it
     * @param int $toleranceSeconds refuse timestamps further from now than this (replays)
     */
    public function __construct(string $secret, int $toleranceSeconds = 300)
    {
        $prefixed = strncmp($secret, self::PREFIX, strlen(self::PREFIX)) === 0;
        $encoded = $prefixed ? substr($secret, strlen(self::PREFIX)) : $secret;
        $key = base64_decode($encoded, true);
        if ($key === false || $key === '') {
            throw new \InvalidArgumentException('A webhook secret is whsec_ followed by base64');
        }
        $this->key = $key;
        $this->toleranceSeconds = $toleranceSeconds;
    }

    /**
     * Checks a delivery and returns its decoded event `['id', 'type', 'occurredAt', 'data']`.
     *
     * @param string $payload the raw request body, exactly as received (`file_get_contents('php://input')`)
     * @param array<string, string|string[]> $headers the request headers, any case (e.g. `getallheaders()`)
     * @param int|null $now the current Unix time (tests)
     * @return array<string, mixed>
     * @throws WebhookVerificationException
     */
    public function verify(string $payload, array $headers, ?int $now = null): array
    {
        $id = self::header($headers, 'webhook-id');
        $timestamp = self::header($headers, 'webhook-timestamp');
        $signatures = self::header($headers, 'webhook-signature');
        if ($id === null || $timestamp === null || $signatures === null) {
            throw new WebhookVerificationException('Missing webhook-id, webhook-timestamp or webhook-signature');
        }
        if (preg_match('/^[0-9]+$/', $timestamp) !== 1) {
            throw new WebhookVerificationException('Invalid webhook-timestamp');
        }
        $now = $now ?? time();
        if (abs($now - (int) $timestamp) > $this->toleranceSeconds) {
            throw new WebhookVerificationException('Message timestamp outside the tolerance');
        }
        $expected = $this->sign($id, (int) $timestamp, $payload);
        $matched = false;
        foreach (explode(' ', $signatures) as $given) {
            if (hash_equals($expected, $given)) {
                $matched = true;
            }
        }
        if (!$matched) {
            throw new WebhookVerificationException('No matching signature found');
        }
        $event = json_decode($payload, true);
        if (!is_array($event)) {
            throw new WebhookVerificationException('The body is not a JSON object');
        }
        return $event;
    }

    /** The `v1,<base64>` signature of one delivery (what the server sends). */
    public function sign(string $id, int $timestamp, string $payload): string
    {
        return 'v1,' . base64_encode(hash_hmac('sha256', $id . '.' . $timestamp . '.' . $payload, $this->key, true));
    }

    /**
     * The webhook-* headers from `$_SERVER` (`HTTP_WEBHOOK_ID`...), for servers without `getallheaders()`.
     *
     * @param array<string, mixed> $server
     * @return array<string, string>
     */
    public static function headersFromServer(array $server): array
    {
        $headers = [];
        foreach (['webhook-id', 'webhook-timestamp', 'webhook-signature'] as $name) {
            $key = 'HTTP_' . strtoupper(str_replace('-', '_', $name));
            if (isset($server[$key])) {
                $headers[$name] = (string) $server[$key];
            }
        }
        return $headers;
    }

    /**
     * @param array<string, string|string[]> $headers
     */
    private static function header(array $headers, string $name): ?string
    {
        foreach ($headers as $key => $value) {
            if (strtolower((string) $key) === $name) {
                $value = is_array($value) ? reset($value) : $value;
                return $value === false || $value === '' ? null : (string) $value;
            }
        }
        return null;
    }
}
