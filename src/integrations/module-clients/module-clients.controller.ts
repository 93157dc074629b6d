import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditAction, AuditService, fieldsOf } from '../../audit/audit.service';
import { Can } from '../../authz/policy.decorator';
import { CommonErrorCode } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import { checkCallbackUrl } from '../webhooks/callback-policy';
import { newWebhookSecret, sealWebhookSecret } from '../../common/crypto/webhook-secret.box';
import { ApiKeyEntity } from '../../records/api-key.entity';
import { ApiKeysService, IssuedKey, RotatedKey } from '../../auth/api-keys.service';
import { CreateModuleClientDto, IssueApiKeyDto, UpdateModuleClientDto } from './dto/module-client.dto';
import { ModuleClientEntity } from '../../records/module-client.entity';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { IntegrationErrorCode } from '../integrations.errors';
import { AuthError, AuthErrorCode } from '../../auth/auth.errors';

/** A module as the admin API shows it: never its sealed webhook secret. */
export interface ModuleClientView {
  id: string;
  name: string;
  description: string | null;
  scopes: string[];
  active: boolean;
  callbackUrls: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A new webhook secret (shown this once) and until when the previous one still signs deliveries. */
export interface RotatedWebhookSecret {
  webhookSecret: string;
  /** Null when there was no previous secret or WEBHOOK_SECRET_ROTATION_OVERLAP_HOURS is 0. */
  previousSecretValidUntil: Date | null;
}

/** A module as created: the only time its webhook secret is shown. */
export interface CreatedModuleClient extends ModuleClientView {
  webhookSecret: string;
}

const view = (m: ModuleClientEntity): ModuleClientView => ({
  id: m.id,
  name: m.name,
  description: m.description,
  scopes: m.scopes,
  active: m.active,
  callbackUrls: m.callbackUrls,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

/** Admin API: the SIM modules allowed to call e-Surat, their callback URLs, webhook secrets and keys. */
@ApiTags('admin: modules')
@ApiBearerAuth()
@Controller('api/v1/admin/modules')
export class ModuleClientsController {
  constructor(
    @InjectRepository(ModuleClientEntity) private readonly modules: Repository<ModuleClientEntity>,
    private readonly apiKeys: ApiKeysService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Every registered SIM module, by name. */
  @Can('read', 'ModuleClient')
  @Get()
  async list(): Promise<ModuleClientView[]> {
    return (await this.modules.find({ order: { name: 'ASC' } })).map(view);
  }

  /** One module with its scopes, callback URLs and active flag (never its webhook secret). */
  @Can('read', 'ModuleClient')
  @Get(':id')
  @ApiErrors(HttpStatus.NOT_FOUND, AuthErrorCode.MODULE_NOT_FOUND)
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ModuleClientView> {
    return view(await this.find(id));
  }

  /** Registers a module; the response carries its webhook secret, shown this once. */
  @Can('create', 'ModuleClient')
  @Post()
  @ApiErrors(HttpStatus.CONFLICT, CommonErrorCode.CONFLICT)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, IntegrationErrorCode.CALLBACK_URL_REFUSED)
  async create(@Body() dto: CreateModuleClientDto): Promise<CreatedModuleClient> {
    await this.checkCallbacks(dto.callbackUrls);
    const webhookSecret = newWebhookSecret();
    const module = this.modules.create({ ...dto, callbackUrls: dto.callbackUrls ?? [], webhookSecretEncrypted: sealWebhookSecret(this.config.WEBHOOK_SECRET_ENCRYPTION_KEY, webhookSecret) });
    const saved = await this.audit.within(
      (tx) => tx.save(module),
      (m) => ({ action: AuditAction.ModuleCreate, object: { type: 'module', id: m.id }, details: { name: m.name, scopes: m.scopes, callbackUrls: m.callbackUrls } }),
    );
    return { ...view(await this.find(saved.id)), webhookSecret };
  }

  /** Changes description, scopes, callback URLs or the active flag. */
  @Can('update', 'ModuleClient')
  @Patch(':id')
  @ApiErrors(HttpStatus.NOT_FOUND, AuthErrorCode.MODULE_NOT_FOUND)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, IntegrationErrorCode.CALLBACK_URL_REFUSED)
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateModuleClientDto): Promise<ModuleClientView> {
    await this.find(id);
    await this.checkCallbacks(dto.callbackUrls);
    // Only the fields sent: the validated DTO also holds the others, as undefined.
    const changes = Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined));
    await this.audit.within(
      async (tx) => {
        if (Object.keys(changes).length > 0) await tx.update(ModuleClientEntity, id, changes);
        return tx.findOneByOrFail(ModuleClientEntity, { id });
      },
      (m) => ({ action: AuditAction.ModuleUpdate, object: { type: 'module', id }, details: { fields: fieldsOf(dto), scopes: m.scopes, active: m.active } }),
    );
    // Its keys carry its scopes and active flag: checked keys are read again.
    this.apiKeys.invalidate();
    return view(await this.find(id));
  }

  /**
   * Issues a new webhook secret, shown this once. For WEBHOOK_SECRET_ROTATION_OVERLAP_HOURS the
   * previous one still signs too (two signatures in webhook-signature), so the module can switch
   * its receiver without losing a delivery; the deprecated X-Esurat-Signature uses the new one at once.
   */
  @Can('update', 'ModuleClient')
  @Post(':id/webhook-secret')
  @ApiErrors(HttpStatus.NOT_FOUND, AuthErrorCode.MODULE_NOT_FOUND)
  async rotateWebhookSecret(@Param('id', ParseUUIDPipe) id: string): Promise<RotatedWebhookSecret> {
    await this.find(id);
    const webhookSecret = newWebhookSecret();
    const overlapHours = this.config.WEBHOOK_SECRET_ROTATION_OVERLAP_HOURS;
    const [[{ until }]]: [{ until: Date | null }[], number] = await this.audit.within(
      (tx) =>
        tx.query(
          // A rotation during an overlap ends the older secret: only the one in use until now stays.
          `UPDATE module_client SET
             webhook_secret_previous_encrypted = CASE WHEN $3::int > 0 THEN webhook_secret_encrypted END,
             webhook_secret_previous_until = CASE WHEN $3::int > 0 AND webhook_secret_encrypted IS NOT NULL THEN now() + $3::int * interval '1 hour' END,
             webhook_secret_legacy_encrypted = NULL,
             webhook_secret_encrypted = $2, updated_at = now()
           WHERE id = $1 RETURNING webhook_secret_previous_until AS until`,
          [id, sealWebhookSecret(this.config.WEBHOOK_SECRET_ENCRYPTION_KEY, webhookSecret), overlapHours],
        ),
      () => ({ action: AuditAction.ModuleWebhookSecretRotate, object: { type: 'module', id }, details: { overlapHours } }),
    );
    return { webhookSecret, previousSecretValidUntil: until };
  }

  /** The module's API keys, without the keys themselves. */
  @Can('read', 'ApiKey')
  @Get(':id/keys')
  keys(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyEntity[]> {
    return this.apiKeys.list(id);
  }

  /** Issues a key; the response is the only time the key is shown. */
  @Can('create', 'ApiKey')
  @Post(':id/keys')
  @ApiErrors(HttpStatus.NOT_FOUND, AuthErrorCode.MODULE_NOT_FOUND)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, AuthErrorCode.SCOPE_NOT_ALLOWED)
  issue(@Param('id', ParseUUIDPipe) id: string, @Body() dto: IssueApiKeyDto): Promise<IssuedKey> {
    return this.apiKeys.issue(id, dto.scopes, dto.expiresAt ? new Date(dto.expiresAt) : null);
  }

  /** Issues the successor of a key; the old one stays valid for API_KEY_ROTATION_OVERLAP_HOURS. */
  @Can('create', 'ApiKey')
  @Post(':id/keys/:keyId/rotate')
  @ApiErrors(HttpStatus.NOT_FOUND, AuthErrorCode.MODULE_NOT_FOUND, AuthErrorCode.API_KEY_NOT_FOUND)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, AuthErrorCode.SCOPE_NOT_ALLOWED)
  rotate(@Param('id', ParseUUIDPipe) id: string, @Param('keyId', ParseUUIDPipe) keyId: string): Promise<RotatedKey> {
    return this.apiKeys.rotate(id, keyId, this.config.API_KEY_ROTATION_OVERLAP_HOURS);
  }

  /** Revokes an API key at once. */
  @Can('revoke', 'ApiKey')
  @Delete(':id/keys/:keyId')
  @HttpCode(204)
  @ApiErrors(HttpStatus.NOT_FOUND, AuthErrorCode.API_KEY_NOT_FOUND)
  revoke(@Param('id', ParseUUIDPipe) id: string, @Param('keyId', ParseUUIDPipe) keyId: string): Promise<void> {
    return this.apiKeys.revoke(id, keyId);
  }

  /** Refused here by the rule an approval naming the URL meets, so a registered URL is one that works. */
  private async checkCallbacks(callbackUrls: string[] | undefined): Promise<void> {
    for (const url of callbackUrls ?? []) await checkCallbackUrl(url, this.config.WEBHOOK_ALLOW_PRIVATE_CALLBACKS);
  }

  private async find(id: string): Promise<ModuleClientEntity> {
    const module = await this.modules.findOneBy({ id });
    if (!module) throw AuthError.moduleNotFound(id);
    return module;
  }
}
