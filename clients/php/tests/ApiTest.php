<?php

declare(strict_types=1);

namespace Esurat\Tests;

use Esurat\ApiException;
use Esurat\Client;
use PHPUnit\Framework\TestCase;

/**
 * Against a real e-Surat server, as a module: ESURAT_URL, ESURAT_API_KEY (approvals:read and
 * approvals:write), ESURAT_APPROVER_POSITION_ID (a position that may sign) and ESURAT_CALLBACK_URL
 * (registered for the module, answering 2xx). test/e2e/php-client.e2e-spec.ts sets them.
 */
final class ApiTest extends TestCase
{
    /** @var Client */
    private $client;

    /** @var string */
    private $approver;

    protected function setUp(): void
    {
        $this->client = new Client(self::env('ESURAT_URL'), self::env('ESURAT_API_KEY'), ['timeout' => 20]);
        $this->approver = self::env('ESURAT_APPROVER_POSITION_ID');
    }

    private static function env(string $name): string
    {
        $value = getenv($name);
        if ($value === false || $value === '') {
            self::fail("$name is not set: these tests run against a real e-Surat server (see README.md)");
        }
        return $value;
    }

    /** @return array<string, mixed> */
    private function request(array $extra = []): array
    {
        return $extra + [
            'reference' => 'PHP-' . bin2hex(random_bytes(5)),
            'title' => 'Permohonan Izin Usaha Mikro a.n. CV Batik Pesisir',
            'approvers' => [['positionIds' => [$this->approver]]],
            'metadata' => ['applicant' => 'CV Batik Pesisir'],
        ];
    }

    public function testCreatesGetsListsAndCancelsAnApprovalWithAnIdempotencyKey(): void
    {
        $request = $this->request();
        $key = 'php-test-' . bin2hex(random_bytes(6));
        $first = $this->client->createApproval($request, $key);
        self::assertTrue($first['created']);
        self::assertSame('pending', $first['approval']['state']);
        $again = $this->client->createApproval($request, $key);
        self::assertFalse($again['created']);
        self::assertSame($first['approval']['id'], $again['approval']['id']);

        $id = $first['approval']['id'];
        self::assertSame($request['reference'], $this->client->getApproval($id)['reference']);
        $list = $this->client->listApprovals(['reference' => $request['reference']]);
        self::assertSame(1, $list['total']);
        self::assertSame($id, $list['items'][0]['id']);

        $cancelled = $this->client->cancelApproval($id, 'Ditarik pemohon');
        self::assertSame('cancelled', $cancelled['state']);
        try {
            $this->client->cancelApproval($id);
            self::fail('cancelled twice');
        } catch (ApiException $e) {
            self::assertSame(422, $e->getStatus());
            self::assertSame('TRANSITION_NOT_ALLOWED', $e->getErrorCode());
        }
    }

    public function testTheSameIdempotencyKeyWithAnotherBodyIsRefused(): void
    {
        $key = 'php-test-' . bin2hex(random_bytes(6));
        $this->client->createApproval($this->request(), $key);
        try {
            $this->client->createApproval($this->request(), $key);
            self::fail('no exception');
        } catch (ApiException $e) {
            self::assertSame(422, $e->getStatus());
            self::assertSame('IDEMPOTENCY_KEY_REUSED', $e->getErrorCode());
            self::assertSame(['idempotencyKey' => $key], $e->getDetails());
        }
    }

    public function testSendsThePdfAsMultipartAndDownloadsIt(): void
    {
        $pdf = esurat_example_permit_pdf('Izin Usaha Mikro No. 503/IUM/2026', 'a.n. CV Batik Pesisir');
        $created = $this->client->createApproval($this->request(['pdf' => $pdf, 'pdfFileName' => 'izin.pdf', 'signerPositionIds' => [$this->approver]]));
        self::assertTrue($created['created']);
        self::assertSame(strlen($pdf), $created['approval']['document']['size']);
        self::assertSame(hash('sha256', $pdf), $created['approval']['document']['sha256']);
        $document = $this->client->downloadSignedPdf($created['approval']['id']);
        self::assertFalse($document['signed']);
        self::assertSame($pdf, $document['bytes']);
    }

    public function testRefusalsAreExceptionsWithTheApiCodeAndStatus(): void
    {
        try {
            $this->client->getApproval('00000000-0000-4000-8000-000000000000');
            self::fail('no exception');
        } catch (ApiException $e) {
            self::assertSame(404, $e->getStatus());
            self::assertSame('APPROVAL_NOT_FOUND', $e->getErrorCode());
        }
        try {
            $this->client->createApproval(['reference' => 'PHP-x', 'approvers' => []]);
            self::fail('no exception');
        } catch (ApiException $e) {
            self::assertSame(400, $e->getStatus());
            self::assertSame('VALIDATION_FAILED', $e->getErrorCode());
            self::assertNotEmpty($e->getDetails());
        }
        try {
            (new Client(self::env('ESURAT_URL'), 'not-a-key'))->listApprovals();
            self::fail('no exception');
        } catch (ApiException $e) {
            self::assertSame(401, $e->getStatus());
        }
    }

    public function testSendsATestWebhookAndSeesItsDeliveryAndResendsIt(): void
    {
        $callbackUrl = self::env('ESURAT_CALLBACK_URL');
        $ping = $this->client->sendTestWebhook($callbackUrl);
        self::assertSame('pending', $ping['status']);
        $event = null;
        for ($i = 0; $i < 100 && $event === null; $i++) {
            $page = $this->client->listWebhookEvents(['type' => 'ping', 'status' => 'delivered']);
            foreach ($page['items'] as $item) {
                if ($item['id'] === $ping['id']) {
                    $event = $item;
                }
            }
            if ($event === null) {
                usleep(100000);
            }
        }
        self::assertNotNull($event, 'the ping was not delivered');
        self::assertNull($event['approvalId']);
        self::assertSame($callbackUrl, $event['attempts'][0]['url']);
        self::assertGreaterThanOrEqual(200, $event['attempts'][0]['statusCode']);
        self::assertLessThan(300, $event['attempts'][0]['statusCode']);
        self::assertIsInt($event['attempts'][0]['durationMs']);

        self::assertSame(['id' => $ping['id'], 'status' => 'pending'], $this->client->resendWebhookEvent($ping['id']));
        try {
            $this->client->resendWebhookEvent('00000000-0000-4000-8000-000000000000');
            self::fail('no exception');
        } catch (ApiException $e) {
            self::assertSame(404, $e->getStatus());
            self::assertSame('WEBHOOK_EVENT_NOT_FOUND', $e->getErrorCode());
        }
        try {
            $this->client->sendTestWebhook('https://example.org/not-registered');
            self::fail('no exception');
        } catch (ApiException $e) {
            self::assertSame('CALLBACK_URL_NOT_REGISTERED', $e->getErrorCode());
        }
    }
}
