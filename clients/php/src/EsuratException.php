<?php

declare(strict_types=1);

namespace Esurat;

/** Every exception this client throws: catch this one to catch them all. */
class EsuratException extends \RuntimeException
{
}
