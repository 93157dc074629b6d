<?php

declare(strict_types=1);

namespace Esurat;

/** A webhook that must be refused (answer 400 or 401): headers missing, signature wrong, or too old. */
class WebhookVerificationException extends EsuratException
{
}
