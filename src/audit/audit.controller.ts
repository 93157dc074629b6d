import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Can } from '../authz/policy.decorator';
import { AuditEntriesPage, AuditService } from './audit.service';
import { AuditEntriesQuery } from './dto/audit-entries.query';
import { ApiErrors } from '../common/openapi/api-errors.decorator';

/** The auditor's view of the trail (Inspektorat, administrators): entries as they were hashed. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit trail's entries, newest first, as they were hashed. */
  @Can('read', 'AuditEntry')
  @Get('entries')
  entries(@Query() query: AuditEntriesQuery): Promise<AuditEntriesPage> {
    return this.audit.list(query);
  }
}
