import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return value;
};

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * Every setting of the server, read once from the environment at start-up.
 * Each variable is documented in config/.env.example; a bad value stops start-up
 * with a message naming the variable.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** Public base URL, used in QR codes and links sent out of the system. */
  @IsString()
  PUBLIC_URL = 'http://localhost:3000';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  DB_HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  DB_PORT = 5432;

  @IsString()
  DB_USER = 'postgres';

  @IsString()
  DB_PASSWORD = '';

  @IsString()
  @MinLength(1)
  DB_NAME = 'esurat';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_SIZE = 20;

  /** Create the database when it does not exist (needs CREATEDB rights). */
  @Transform(toBool)
  @IsBoolean()
  DB_CREATE_IF_MISSING = true;

  @IsString()
  REDIS_HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  REDIS_PORT = 6379;

  @IsString()
  REDIS_PASSWORD = '';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(15)
  REDIS_DB = 0;

  /** Prefix of every BullMQ key, so several installs can share one Redis. */
  @IsString()
  @MinLength(1)
  QUEUE_PREFIX = 'esurat';

  /** Run the queue workers inside the API process (one-machine install). */
  @Transform(toBool)
  @IsBoolean()
  WORKERS_ENABLED = true;

  @IsIn(['fs', 's3'])
  STORAGE_DRIVER: 'fs' | 's3' = 'fs';

  @IsString()
  STORAGE_FS_ROOT = './data';

  @IsString()
  S3_ENDPOINT = 'http://127.0.0.1:9000';

  @IsString()
  S3_REGION = 'us-east-1';

  @IsString()
  S3_ACCESS_KEY = '';

  @IsString()
  S3_SECRET_KEY = '';

  @IsString()
  @MinLength(3)
  S3_BUCKET = 'esurat';

  /** Secret that signs access tokens (HS256). */
  @IsString()
  @MinLength(16)
  JWT_SECRET = 'dev-only-jwt-secret-change-me-please';

  /** Access token lifetime in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 8 * 3600;

  /** Login attempts allowed per client address per minute. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  /** Largest JSON body accepted, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Largest uploaded file accepted, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

  /** Seed the demo city when the database is empty (never in production). */
  @Transform(toBool)
  @IsBoolean()
  DEMO_SEED = true;

  /** API key of the demo module `simpadu`. */
  @IsString()
  @MinLength(8)
  DEMO_MODULE_API_KEY = 'demo-simpadu-key';

  /** Folder of the workflow definitions (*.yaml). */
  @IsString()
  WORKFLOWS_DIR = './workflows';

  /** Folder of the letter templates. */
  @IsString()
  TEMPLATES_DIR = './templates';

  /** Letter number formats and counters (config/numbering.yaml). */
  @IsString()
  NUMBERING_CONFIG = './config/numbering.yaml';

  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class ConfigError extends Error {}

/** Builds and validates the configuration; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const secret = /SECRET|PASSWORD|KEY/.test(e.property);
      const value = secret ? '<redacted>' : JSON.stringify(raw[e.property] ?? (config as any)[e.property]);
      const why = Object.values(e.constraints ?? {}).join('; ');
      return `  ${e.property}=${value}: ${why}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
