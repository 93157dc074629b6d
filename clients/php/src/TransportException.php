<?php

declare(strict_types=1);

namespace Esurat;

/**
 * No answer from the API: the connection failed or the call ran past its timeout. The error
 * code is `TIMEOUT` or `NETWORK_ERROR`; the status is 0. A creation sent with an
 * Idempotency-Key may be sent again safely.
 */
class TransportException extends EsuratException
{
    /** @var string */
    private $errorCode;

    public function __construct(string $errorCode, string $message)
    {
        parent::__construct($message, 0);
        $this->errorCode = $errorCode;
    }

    public function getErrorCode(): string
    {
        return $this->errorCode;
    }

    public function getStatus(): int
    {
        return 0;
    }
}
