<?php

declare(strict_types=1);

namespace Esurat\Tests;

use Esurat\ApiException;
use Esurat\Client;
use Esurat\TransportException;
use PHPUnit\Framework\TestCase;

/** Retries, Retry-After, timeouts, errors and the multipart body, against a local stub of the API. */
final class TransportTest extends TestCase
{
    /** @var resource|null */
    private static $server;

    /** @var string */
    private static $baseUrl;

    /** @var float[] */
    private $slept = [];

    public static function setUpBeforeClass(): void
    {
        $probe = stream_socket_server('tcp://127.0.0.1:0');
        self::assertNotFalse($probe);
        $port = (int) substr((string) strrchr((string) stream_socket_get_name($probe, false), ':'), 1);
        fclose($probe);
        $command = [PHP_BINARY, '-S', '127.0.0.1:' . $port, __DIR__ . '/fixtures/stub-server.php'];
        $process = proc_open($command, [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        self::assertIsResource($process);
        self::$server = $process;
        self::$baseUrl = 'http://127.0.0.1:' . $port;
        for ($i = 0; $i < 100; $i++) {
            $socket = @fsockopen('127.0.0.1', $port, $errno, $error, 0.1);
            if ($socket !== false) {
                fclose($socket);
                return;
            }
            usleep(50000);
        }
        self::fail('the stub server did not start');
    }

    public static function tearDownAfterClass(): void
    {
        if (self::$server !== null) {
            proc_terminate(self::$server);
            proc_close(self::$server);
        }
    }

    /** @param array<string, mixed> $options */
    private function client(array $options = []): Client
    {
        return new Client(self::$baseUrl, 'test-key', $options + [
            'sleep' => function (float $seconds): void {
                $this->slept[] = $seconds;
            },
        ]);
    }

    private static function id(string $scenario): string
    {
        return $scenario . '-' . bin2hex(random_bytes(6));
    }

    public function testRetriesA503AsRetryAfterSays(): void
    {
        $answer = $this->client()->getApproval(self::id('503x2'));
        self::assertSame(3, $answer['nth']);
        self::assertSame('test-key', $answer['apiKey']);
        self::assertSame([1.0, 1.0], $this->slept);
    }

    public function testRetriesA429WithExponentialBackoffAndJitter(): void
    {
        $answer = $this->client(['retryBaseDelay' => 0.2])->getApproval(self::id('429x3'));
        self::assertSame(4, $answer['nth']);
        self::assertCount(3, $this->slept);
        foreach ([0.2, 0.4, 0.8] as $i => $ceiling) {
            self::assertGreaterThanOrEqual($ceiling / 2, $this->slept[$i]);
            self::assertLessThanOrEqual($ceiling, $this->slept[$i]);
        }
    }

    public function testHonoursARetryAfterDate(): void
    {
        $answer = $this->client()->getApproval(self::id('datex1'));
        self::assertSame(2, $answer['nth']);
        self::assertCount(1, $this->slept);
        self::assertGreaterThanOrEqual(1.0, $this->slept[0]);
        self::assertLessThanOrEqual(3.0, $this->slept[0]);
    }

    public function testGivesUpAfterMaxRetriesWithTheApiCodeAndStatus(): void
    {
        try {
            $this->client(['maxRetries' => 2])->getApproval(self::id('503x9'));
            self::fail('no exception');
        } catch (ApiException $e) {
            self::assertSame(503, $e->getStatus());
            self::assertSame('DATABASE_BUSY', $e->getErrorCode());
            self::assertSame(1, $e->getRetryAfter());
            self::assertCount(2, $this->slept);
        }
    }

    public function testDoesNotWaitLongerThanMaxRetryDelay(): void
    {
        try {
            $this->client(['maxRetryDelay' => 30])->getApproval(self::id('longx1'));
            self::fail('no exception');
        } catch (ApiException $e) {
            self::assertSame(120, $e->getRetryAfter());
            self::assertSame([], $this->slept);
        }
    }

    public function testTimesOut(): void
    {
        $started = microtime(true);
        try {
            $this->client(['timeout' => 1])->getApproval(self::id('slow'));
            self::fail('no exception');
        } catch (TransportException $e) {
            self::assertSame('TIMEOUT', $e->getErrorCode());
            self::assertSame(0, $e->getStatus());
            self::assertLessThan(2.5, microtime(true) - $started);
        }
    }

    public function testNoServerIsANetworkError(): void
    {
        $probe = stream_socket_server('tcp://127.0.0.1:0');
        $name = (string) stream_socket_get_name($probe, false);
        fclose($probe);
        $this->expectException(TransportException::class);
        (new Client('http://' . $name, 'k', ['connectTimeout' => 2]))->getApproval('x');
    }

    public function testAnAnswerWithoutTheEnvelopeIsStillAnApiException(): void
    {
        try {
            $this->client()->getApproval(self::id('html'));
            self::fail('no exception');
        } catch (ApiException $e) {
            self::assertSame(502, $e->getStatus());
            self::assertSame('HTTP_ERROR', $e->getErrorCode());
            self::assertStringContainsString('Bad Gateway', $e->getMessage());
        }
    }

    public function testSendsJsonOrMultipartWithTheIdempotencyKey(): void
    {
        $json = $this->client()->createApproval(['reference' => 'R-1', 'title' => 'Izin'], 'key-1');
        self::assertTrue($json['created']);
        self::assertSame('key-1', $json['approval']['idempotencyKey']);
        self::assertSame('application/json', $json['approval']['contentType']);
        self::assertSame(['reference' => 'R-1', 'title' => 'Izin'], $json['approval']['request']);

        $pdf = esurat_example_permit_pdf('Izin', 'PT "Maju" Jaya');
        $multipart = $this->client()->createApproval(['reference' => 'R-2', 'title' => 'Izin', 'pdf' => $pdf, 'pdfFileName' => 'izin.pdf']);
        self::assertStringStartsWith('multipart/form-data; boundary=', $multipart['approval']['contentType']);
        self::assertNull($multipart['approval']['idempotencyKey']);
        self::assertSame(['reference' => 'R-2', 'title' => 'Izin'], $multipart['approval']['request']);
        self::assertSame(['name' => 'izin.pdf', 'type' => 'application/pdf', 'size' => strlen($pdf), 'head' => '%PDF-'], $multipart['approval']['pdf']);
    }
}
