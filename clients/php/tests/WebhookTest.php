<?php

declare(strict_types=1);

namespace Esurat\Tests;

use Esurat\Webhook;
use Esurat\WebhookVerificationException;
use PHPUnit\Framework\TestCase;

final class WebhookTest extends TestCase
{
    // The test vector of the Standard Webhooks specification (and of its official libraries).
    private const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    private const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    private const TIMESTAMP = 1614265330;
    private const PAYLOAD = '{"test": 2432232314}';
    private const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

    /** @return array<string, string> */
    private function headers(string $signature = self::SIGNATURE): array
    {
        return ['Webhook-Id' => self::ID, 'Webhook-Timestamp' => (string) self::TIMESTAMP, 'Webhook-Signature' => $signature];
    }

    public function testSignsAsTheSpecificationsVector(): void
    {
        self::assertSame(self::SIGNATURE, (new Webhook(self::SECRET))->sign(self::ID, self::TIMESTAMP, self::PAYLOAD));
    }

    public function testVerifiesAndDecodesADelivery(): void
    {
        $event = (new Webhook(self::SECRET))->verify(self::PAYLOAD, $this->headers(), self::TIMESTAMP + 10);
        self::assertSame(['test' => 2432232314], $event);
    }

    public function testAcceptsEitherSignatureDuringARotation(): void
    {
        $other = 'v1,' . base64_encode(str_repeat("\0", 32));
        $event = (new Webhook(self::SECRET))->verify(self::PAYLOAD, $this->headers($other . ' ' . self::SIGNATURE), self::TIMESTAMP);
        self::assertSame(['test' => 2432232314], $event);
    }

    public function testRefusesATamperedBody(): void
    {
        $this->expectException(WebhookVerificationException::class);
        $this->expectExceptionMessage('No matching signature');
        (new Webhook(self::SECRET))->verify('{"test": 2432232315}', $this->headers(), self::TIMESTAMP);
    }

    public function testRefusesAnotherSecret(): void
    {
        $this->expectException(WebhookVerificationException::class);
        (new Webhook('whsec_' . base64_encode(random_bytes(32))))->verify(self::PAYLOAD, $this->headers(), self::TIMESTAMP);
    }

    public function testRefusesATimestampOutsideTheTolerance(): void
    {
        $webhook = new Webhook(self::SECRET, 300);
        self::assertSame(['test' => 2432232314], $webhook->verify(self::PAYLOAD, $this->headers(), self::TIMESTAMP + 300));
        $this->expectException(WebhookVerificationException::class);
        $this->expectExceptionMessage('tolerance');
        $webhook->verify(self::PAYLOAD, $this->headers(), self::TIMESTAMP + 301);
    }

    public function testRefusesMissingHeaders(): void
    {
        $this->expectException(WebhookVerificationException::class);
        $this->expectExceptionMessage('Missing');
        (new Webhook(self::SECRET))->verify(self::PAYLOAD, ['webhook-id' => self::ID], self::TIMESTAMP);
    }

    public function testReadsTheHeadersFromServerVariables(): void
    {
        $server = ['HTTP_WEBHOOK_ID' => self::ID, 'HTTP_WEBHOOK_TIMESTAMP' => (string) self::TIMESTAMP, 'HTTP_WEBHOOK_SIGNATURE' => self::SIGNATURE, 'HTTP_HOST' => 'x'];
        $headers = Webhook::headersFromServer($server);
        self::assertSame(['webhook-id' => self::ID, 'webhook-timestamp' => (string) self::TIMESTAMP, 'webhook-signature' => self::SIGNATURE], $headers);
        self::assertSame(['test' => 2432232314], (new Webhook(self::SECRET))->verify(self::PAYLOAD, $headers, self::TIMESTAMP));
    }

    public function testRefusesASecretThatIsNotBase64(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        new Webhook('whsec_not*base64');
    }
}
