import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Can } from '../authz/policy.decorator';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysService, IssuedKey } from './api-keys.service';
import { CreateModuleClientDto, IssueApiKeyDto } from './dto/module-client.dto';
import { ModuleClientEntity } from './module-client.entity';

/** Admin API: the SIM modules allowed to call e-Surat, and their keys. */
@ApiTags('admin: modules')
@ApiBearerAuth()
@Controller('api/v1/admin/modules')
export class ModuleClientsController {
  constructor(
    @InjectRepository(ModuleClientEntity) private readonly modules: Repository<ModuleClientEntity>,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Can('read', 'ModuleClient')
  @Get()
  list(): Promise<ModuleClientEntity[]> {
    return this.modules.find({ order: { name: 'ASC' } });
  }

  @Can('create', 'ModuleClient')
  @Post()
  create(@Body() dto: CreateModuleClientDto): Promise<ModuleClientEntity> {
    return this.modules.save(this.modules.create(dto));
  }

  @Can('read', 'ApiKey')
  @Get(':id/keys')
  keys(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyEntity[]> {
    return this.apiKeys.list(id);
  }

  /** Issues a key; the response is the only time the key is shown. */
  @Can('create', 'ApiKey')
  @Post(':id/keys')
  issue(@Param('id', ParseUUIDPipe) id: string, @Body() dto: IssueApiKeyDto): Promise<IssuedKey> {
    return this.apiKeys.issue(id, dto.scopes, dto.expiresAt ? new Date(dto.expiresAt) : null);
  }

  @Can('revoke', 'ApiKey')
  @Delete(':id/keys/:keyId')
  @HttpCode(204)
  revoke(@Param('id', ParseUUIDPipe) id: string, @Param('keyId', ParseUUIDPipe) keyId: string): Promise<void> {
    return this.apiKeys.revoke(id, keyId);
  }
}
