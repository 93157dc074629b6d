<?php

declare(strict_types=1);

/*
 * For projects without Composer: `require __DIR__ . '/path/to/clients/php/autoload.php';`
 * loads the Esurat\ classes from src/ (PSR-4), as Composer's autoloader would.
 */
spl_autoload_register(static function (string $class): void {
    $prefix = 'Esurat\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
