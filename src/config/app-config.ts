import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
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

/** `host:port` items separated by commas, or nothing. */
const HOST_PORT_LIST = /^$|^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/;

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

  /** 0 takes any free port (the start-up line names the one bound). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * Public base URL, used in QR codes and links sent out of the system. Unset, it is this
   * machine on PORT, which only this machine can open: set it wherever others read the links.
   */
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

  /**
   * How long a request waits for a free pool connection before it is answered 503 DATABASE_BUSY.
   * A stuck pool answers instead of hanging; signatures, which hold their connection while the
   * CPU renders and signs, take at most SIGNING_CONCURRENCY connections, so the pool drains fast.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  DB_ACQUIRE_TIMEOUT_MS = 10_000;

  /** PostgreSQL's statement_timeout on the server's sessions: no statement (lock waits included) runs longer. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DB_STATEMENT_TIMEOUT_MS = 30_000;

  /** PostgreSQL's idle_in_transaction_session_timeout: a transaction left idle this long is ended by the server. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

  /**
   * Read replicas (PostgreSQL streaming standbys of DB_HOST), comma-separated host[:port] (port
   * DB_PORT when omitted); empty: none. Only the lag-tolerant reads (lists, inbox, search, agenda,
   * dashboards, archive lists) go there, and a principal's reads only once the replica has
   * replayed that principal's last write; everything else stays on the primary (README,
   * "Read replicas"). Same DB_USER, DB_PASSWORD and DB_NAME as the primary.
   */
  @Matches(/^$|^\s*[A-Za-z0-9.\-_\[\]:]+(:\d{1,5})?\s*(,\s*[A-Za-z0-9.\-_\[\]:]+(:\d{1,5})?\s*)*$/, {
    message: 'DB_READ_HOSTS must be a comma-separated list of host[:port]',
  })
  DB_READ_HOSTS = '';

  /** A replica further behind the primary than this is not read from until it catches up. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DB_READ_MAX_LAG_MS = 5_000;

  /** Connections per replica pool. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_READ_POOL_SIZE = 10;

  /**
   * A replica that failed (down, unreachable) is not tried again for this long: reads go to
   * the primary meanwhile, without waiting on its connect timeout.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_READ_RETRY_MS = 5_000;

  /** How long a read waits to connect to a replica before it is read from the primary instead. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  DB_READ_CONNECT_TIMEOUT_MS = 1_000;

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

  /**
   * Redis Sentinel instead of one Redis: the sentinels as `host:port,host:port`. The master's
   * address is asked of them (REDIS_HOST and REDIS_PORT are then unused). Not with REDIS_CLUSTER_NODES.
   */
  @IsString()
  @Matches(HOST_PORT_LIST, { message: 'REDIS_SENTINELS must be a comma-separated list of host:port' })
  REDIS_SENTINELS = '';

  /** The master's name the sentinels watch (sentinel.conf's `sentinel monitor <name> ...`). */
  @IsString()
  @MinLength(1)
  REDIS_SENTINEL_MASTER = 'mymaster';

  /** The sentinels' own password (sentinel.conf's `requirepass`), when they have one; REDIS_PASSWORD is the master's. */
  @IsString()
  REDIS_SENTINEL_PASSWORD = '';

  /**
   * Redis Cluster instead of one Redis: some of its nodes as `host:port,host:port` (the rest are
   * discovered). QUEUE_PREFIX must then hold a hash tag (`{esurat}`). Not with REDIS_SENTINELS.
   */
  @IsString()
  @Matches(HOST_PORT_LIST, { message: 'REDIS_CLUSTER_NODES must be a comma-separated list of host:port' })
  REDIS_CLUSTER_NODES = '';

  /**
   * Prefix of every key this server keeps in Redis (queues, sessions, login counters, the outbox
   * wake-up channel), so several installs can share one Redis. The braces are a Redis Cluster hash
   * tag: every key then lies in one hash slot, as BullMQ's multi-key scripts need.
   */
  @IsString()
  @MinLength(1)
  QUEUE_PREFIX = '{esurat}';

  /** Run the queue workers inside the API process (one-machine install). */
  @Transform(toBool)
  @IsBoolean()
  WORKERS_ENABLED = true;

  /**
   * How often a worker's outbox relay looks for events nobody woke it for (milliseconds). API
   * processes wake the relays at once over Redis; this poll is the fallback when that is lost.
   */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  OUTBOX_POLL_MS = 200;

  @IsIn(['fs', 's3'])
  STORAGE_DRIVER: 'fs' | 's3' = 'fs';

  @IsString()
  STORAGE_FS_ROOT = './data';

  /**
   * How long stored bytes without a committed stored_object row are kept before the orphan
   * sweep removes them (seconds): longer than any upload and its transaction take. A rollback
   * removes its bytes at once; this covers a process that died in between.
   */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  STORAGE_ORPHAN_GRACE_SECONDS = 3600;

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

  /** A browser session (the web UI's cookie) ends after this many seconds without a request. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  SESSION_IDLE_SECONDS = 2 * 3600;

  /** A browser session ends this many seconds after login, however busy. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  SESSION_MAX_SECONDS = 12 * 3600;

  /** The built web UI (index.html and its assets) served at `/`, relative to the working directory; `off` serves the API alone. */
  @IsString()
  WEB_ROOT = 'web/dist';

  /**
   * Failed logins allowed per account within LOGIN_RATE_WINDOW_SECONDS from clients it has not
   * logged in on before, and per browser it has (its device cookie).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  /** Failed logins allowed per client address (an IPv6 /64) within LOGIN_RATE_WINDOW_SECONDS, whatever the username. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ADDRESS_RATE_LIMIT = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  LOGIN_RATE_WINDOW_SECONDS = 60;

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

  /** OCR jobs one worker process runs at once (each is one ocrmypdf on one core): keep it below the core count. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  OCR_CONCURRENCY = 1;

  /** Seconds tesseract may spend on one page (ocrmypdf --tesseract-timeout); a page over it is left without text. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3600)
  OCR_PAGE_TIMEOUT_SECONDS = 120;

  /** Scans with more pages than this are not OCR'd (status failed with the reason). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(5000)
  OCR_MAX_PAGES = 100;

  /** Longest page side OCR accepts, in millimetres (A3 is 420); larger pages fail with the reason. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(5000)
  OCR_MAX_PAGE_SIDE_MM = 600;

  /** Pages whose mean word confidence (tesseract, 0-100) is below this are flagged for TU to check. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  OCR_LOW_CONFIDENCE = 75;

  /** Most text kept per file (UTF-8 bytes of a text layer or OCR sidecar); the rest is cut. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  OCR_TEXT_MAX_BYTES = 2 * 1024 * 1024;

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

  /** Disposition instructions offered as checkboxes (config/disposition.yaml). */
  @IsString()
  DISPOSITION_CONFIG = './config/disposition.yaml';

  /** Kode klasifikasi arsip a letter may carry (config/classification.yaml, Permendagri 83/2022). */
  @IsString()
  CLASSIFICATION_CONFIG = './config/classification.yaml';

  /** Jadwal Retensi Arsip: retention and final disposition per classification code (config/jra.yaml). */
  @IsString()
  JRA_CONFIG = './config/jra.yaml';

  /**
   * Root-word list of the Indonesian stemmer: a hunspell `.dic` or one word a line. Empty: the
   * bundled hunspell-id list (third_party/hunspell-id/id_ID.dic, LGPL-3). A missing file stops
   * the start; a different list changes the analyzer's fingerprint and the index is rebuilt.
   */
  @IsString()
  SEARCH_ROOT_WORDS_FILE = '';

  /** Delivery attempts of one webhook event before it goes to the dead-letter list. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS = 10;

  /** How long a module's callback may take to answer, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** First retry delay in milliseconds; each retry doubles it (with jitter) up to WEBHOOK_BACKOFF_MAX_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_BACKOFF_BASE_MS = 5_000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  WEBHOOK_BACKOFF_MAX_MS = 6 * 3600 * 1000;

  /** How often workers look for webhook events whose job was lost (Redis restart, killed worker). */
  @Transform(toInt)
  @IsInt()
  @Min(200)
  WEBHOOK_SWEEP_INTERVAL_MS = 5_000;

  /** Allow callbacks to private, loopback and link-local addresses (SSRF risk; tests and closed networks only). */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_CALLBACKS = false;

  /** Encrypts the modules' webhook secrets at rest (AES-256-GCM, key derived with SHA-256). */
  @IsString()
  @MinLength(16)
  WEBHOOK_SECRET_ENCRYPTION_KEY = 'dev-only-webhook-secret-key-change-me';

  /** After a webhook secret is rotated, how long deliveries are signed with the old one too (0: replaced at once). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 90)
  WEBHOOK_SECRET_ROTATION_OVERLAP_HOURS = 24;

  /** After a key rotation, how long the old API key stays valid beside the new one. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 90)
  API_KEY_ROTATION_OVERLAP_HOURS = 24;

  /** How long an Idempotency-Key is remembered (API.md: at least 24 hours). */
  @Transform(toInt)
  @IsInt()
  @Min(24)
  IDEMPOTENCY_TTL_HOURS = 24;

  /** Largest `metadata` of an approval request, in bytes of JSON. */
  @Transform(toInt)
  @IsInt()
  @Min(256)
  @Max(1024 * 1024)
  APPROVAL_METADATA_MAX_BYTES = 16 * 1024;

  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** Who signs letters: the deployment's own CA (local) or the BSrE gateway (bsre). */
  @IsIn(['local', 'bsre'])
  SIGNING_PROVIDER: 'local' | 'bsre' = 'local';

  /** Seals the deployment CA's private key; production refuses the default. */
  @IsString()
  @MinLength(8)
  CA_PASSPHRASE = 'dev-only-ca-passphrase-change-me';

  /** Common name of the deployment CA, also named in the footer of letters it signs. */
  @IsString()
  @MinLength(3)
  CA_NAME = 'CA e-Surat Pemerintah Kota Pekalongan';

  /** BSrE Esign Client Service gateway (SIGNING_PROVIDER=bsre). */
  @IsString()
  BSRE_URL = 'http://127.0.0.1:8080';

  @IsString()
  BSRE_USERNAME = '';

  @IsString()
  BSRE_PASSWORD = '';

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  BSRE_TIMEOUT_MS = 30000;

  /** PEM file of the BSrE root, trusted when verifying uploaded PDFs; empty: only the deployment CA. */
  @IsString()
  BSRE_ROOT_CERT_PATH = '';

  /**
   * RFC 3161 timestamp authority every signature is stamped by (PAdES B-T), e.g. BSSN's via
   * BSrE; empty: the deployment's own authority (POST /pki/tsa), certified by the deployment CA.
   */
  @IsString()
  @Matches(/^(https?:\/\/\S+)?$/, { message: 'TSA_URL must be empty or an http(s) URL' })
  TSA_URL = '';

  /** How long a signature waits for the timestamp authority before it fails with 503 TSA_UNAVAILABLE. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  TSA_TIMEOUT_MS = 10000;

  /**
   * Transitions with work inside their transaction (signing: number, final render, signature)
   * that run at once in this process. 0 chooses: 2 with the local CA, whose signatures are CPU
   * work (more at once only stretches each transaction), half of DB_POOL_SIZE with BSrE, whose
   * signatures wait on the network. The others wait their turn without holding a connection,
   * so a burst of signatures leaves the rest of the pool free.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(500)
  SIGNING_CONCURRENCY = 0;

  /** How long a signature waits for its turn before it is answered 503 SERVER_BUSY. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  SIGNING_QUEUE_TIMEOUT_MS = 60_000;

  /** How often the audit trail's head is signed with the deployment CA's key as a checkpoint (milliseconds). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  AUDIT_CHECKPOINT_EVERY_MS = 3_600_000;

  /** Where each checkpoint is POSTed as JSON (the Inspektorat, an archive); empty: kept in the database only. */
  @IsString()
  AUDIT_CHECKPOINT_URL = '';

  /** Wrong signing passphrases allowed per person within SIGNING_LOCKOUT_MINUTES. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGNING_LOCKOUT_ATTEMPTS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGNING_LOCKOUT_MINUTES = 15;

  /** How long the deployment CA's CRL and OCSP answers are fresh (their nextUpdate), in hours. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PKI_REVOCATION_VALIDITY_HOURS = 24;

  /**
   * Archive timestamps (B-LTA): an archived signed PDF gets a fresh DSS and a new document
   * timestamp this many days before its newest timestamp's TSA certificate expires.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LTV_RENEWAL_MARGIN_DAYS = 365;

  /** How often the renewal sweep runs, in milliseconds (daily by default). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  LTV_RENEWAL_EVERY_MS = 86_400_000;

  /** Send the signed letter by e-mail to external recipients with an address (off: they stay on the printable dispatch list). */
  @Transform(toBool)
  @IsBoolean()
  SMTP_ENABLED = false;

  @IsString()
  SMTP_HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 587;

  /** Implicit TLS from the first byte (usually port 465). */
  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE = false;

  /** STARTTLS on a plain connection: when offered (auto), never, or required (refuse a server without it). */
  @IsIn(['auto', 'never', 'required'])
  SMTP_STARTTLS: 'auto' | 'never' | 'required' = 'auto';

  /** AUTH PLAIN user; empty: no authentication. */
  @IsString()
  SMTP_USER = '';

  @IsString()
  SMTP_PASSWORD = '';

  /** Sender of the letters, e.g. "e-Surat <noreply@pekalongankota.go.id>". */
  @IsString()
  @MinLength(3)
  SMTP_FROM = 'e-Surat <noreply@localhost>';

  /** Time allowed for the connection and for each SMTP reply, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300_000)
  SMTP_TIMEOUT_MS = 10_000;

  /**
   * WhatsApp notices through an HTTP gateway (Fonnte, Wablas and the like): the URL a message is
   * POSTed to; empty, WhatsApp is off.
   */
  @IsString()
  @Matches(/^(https?:\/\/\S+)?$/, { message: 'WHATSAPP_GATEWAY_URL is an http(s) URL or empty' })
  WHATSAPP_GATEWAY_URL = '';

  /** The gateway's API token, sent in WHATSAPP_GATEWAY_AUTH_HEADER. Never logged. */
  @IsString()
  WHATSAPP_GATEWAY_TOKEN = '';

  /** The header carrying the token: Fonnte and Wablas take it as `Authorization` as is. */
  @IsString()
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'WHATSAPP_GATEWAY_AUTH_HEADER is a header name' })
  WHATSAPP_GATEWAY_AUTH_HEADER = 'Authorization';

  /**
   * The JSON body POSTed per message; `{{phone}}` and `{{message}}` are replaced by the number
   * (international form, e.g. 6281234567890) and the text, escaped as JSON string content.
   */
  @IsString()
  @Matches(/\{\{phone\}\}[\s\S]*\{\{message\}\}|\{\{message\}\}[\s\S]*\{\{phone\}\}/, { message: 'WHATSAPP_GATEWAY_BODY must contain {{phone}} and {{message}}' })
  WHATSAPP_GATEWAY_BODY = '{"target":"{{phone}}","message":"{{message}}"}';

  /** Time allowed for one gateway request, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300_000)
  WHATSAPP_GATEWAY_TIMEOUT_MS = 10_000;

  /** The hour (WIB, 0-23) from which the daily digest of notices goes out. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  NOTIFY_DIGEST_HOUR = 7;

  /** Serve Swagger UI (/api/docs) and the OpenAPI document (/api/docs-json); unset: on except in production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  API_DOCS_ENABLED?: boolean;

  /** Who integrators ask about this deployment's API: `info.contact` of the OpenAPI document (its URL is PUBLIC_URL). */
  @IsString()
  @MinLength(1)
  API_CONTACT_NAME = 'e-Surat administrator';

  /** The contact's e-mail address in the OpenAPI document; unset, none is given. */
  @IsOptional()
  @IsEmail()
  API_CONTACT_EMAIL?: string;
  /**
   * Usul musnah: the codes of the Panitia Penilai Arsip positions, comma-separated, who assess
   * a disposal list in this order (paraf berjenjang), one step each.
   */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$/, { message: 'DISPOSAL_PANEL_POSITIONS is a comma-separated list of position codes' })
  DISPOSAL_PANEL_POSITIONS = 'KETUA-PANITIA-PENILAI-ARSIP,ANGGOTA-PANITIA-PENILAI-ARSIP';

  /** Usul musnah: the code of the position whose holder approves and signs the Berita Acara Pemusnahan (TTE). */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'DISPOSAL_SIGNER_POSITION is one position code' })
  DISPOSAL_SIGNER_POSITION = 'SEKDA';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get apiDocsEnabled(): boolean {
    return this.API_DOCS_ENABLED ?? !this.isProduction;
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
  // The default must follow the port actually listened on, or every QR code points elsewhere.
  if (raw.PUBLIC_URL === undefined && Number.isInteger(config.PORT)) config.PUBLIC_URL = `http://localhost:${config.PORT}`;
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const secret = /SECRET|PASSWORD|KEY|PASSPHRASE|TOKEN/.test(e.property);
      const value = secret ? '<redacted>' : JSON.stringify(raw[e.property] ?? (config as any)[e.property]);
      const why = Object.values(e.constraints ?? {}).join('; ');
      return `  ${e.property}=${value}: ${why}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const redisProblems = redisTopologyProblems(config);
  if (redisProblems.length > 0) throw new ConfigError(`Invalid configuration:\n${redisProblems.map((p) => `  ${p}`).join('\n')}`);
  return config;
}

/**
 * The hash tag Redis Cluster hashes a key by when it starts with `prefix`: what lies between the
 * first `{` and the first `}` after it, if not empty; else undefined (the whole key is hashed).
 */
export function redisHashTag(prefix: string): string | undefined {
  const open = prefix.indexOf('{');
  if (open < 0) return undefined;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1 ? prefix.slice(open + 1, close) : undefined;
}

/** The Redis settings that do not go together: one topology at most, and a cluster needs a hash-tagged prefix. */
function redisTopologyProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  const cluster = config.REDIS_CLUSTER_NODES.trim() !== '';
  if (cluster && config.REDIS_SENTINELS.trim() !== '') {
    problems.push('REDIS_SENTINELS and REDIS_CLUSTER_NODES: set one of them (Sentinel or Cluster), not both');
  }
  if (cluster && redisHashTag(config.QUEUE_PREFIX) === undefined) {
    problems.push(
      `QUEUE_PREFIX=${JSON.stringify(config.QUEUE_PREFIX)}: on a Redis Cluster the prefix needs a hash tag, e.g. "{esurat}", ` +
        "so that every key of a queue lies in one hash slot (BullMQ's scripts touch several keys at once; across slots the cluster refuses them)",
    );
  }
  if (cluster && config.REDIS_DB !== 0) problems.push(`REDIS_DB=${config.REDIS_DB}: a Redis Cluster has database 0 only`);
  return problems;
}
