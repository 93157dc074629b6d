<?php

declare(strict_types=1);

// Composer's autoloader when installed with Composer; else the client's own (no Composer needed).
$composer = __DIR__ . '/../vendor/autoload.php';
require is_file($composer) ? $composer : __DIR__ . '/../autoload.php';
require_once __DIR__ . '/../examples/permit-pdf.php';
