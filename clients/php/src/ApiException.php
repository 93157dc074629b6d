<?php

declare(strict_types=1);

namespace Esurat;

/**
 * The API refused the request: a 4xx (or 5xx) answer. `getErrorCode()` is the API's stable code
 * (`APPROVAL_NOT_FOUND`, `IDEMPOTENCY_KEY_REUSED`, `VALIDATION_FAILED`...), `getStatus()` the
 * HTTP status, `getDetails()` what the API said more (e.g. the fields that were wrong).
 */
class ApiException extends EsuratException
{
    /** @var string */
    private $errorCode;

    /** @var int */
    private $status;

    /** @var mixed */
    private $details;

    /** @var int|null */
    private $retryAfter;

    /**
     * @param mixed $details
     */
    public function __construct(
        int $status,
        string $errorCode,
        string $message,
        $details = null,
        ?int $retryAfter = null
    ) {
        parent::__construct(sprintf('%d %s: %s', $status, $errorCode, $message), $status);
        $this->status = $status;
        $this->errorCode = $errorCode;
        $this->details = $details;
        $this->retryAfter = $retryAfter;
    }

    public function getErrorCode(): string
    {
        return $this->errorCode;
    }

    public function getStatus(): int
    {
        return $this->status;
    }

    /** @return mixed */
    public function getDetails()
    {
        return $this->details;
    }

    /** Seconds the server asked to wait (Retry-After), when it did. */
    public function getRetryAfter(): ?int
    {
        return $this->retryAfter;
    }
}
