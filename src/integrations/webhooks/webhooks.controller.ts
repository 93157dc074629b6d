import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Callers, CurrentModule, Scopes } from '../../auth/auth.decorators';
import { ModulePrincipal } from '../../records/principal';
import { TestWebhookDto, WebhookEventPageDto, WebhookQueuedDto } from './dto/webhook-event.dto';
import { WebhookEventsQuery } from './dto/webhook-events.query';
import { WebhooksService } from './webhooks.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { IntegrationErrorCode } from '../integrations.errors';

/**
 * Self-service of deliveries for SIM modules (X-Api-Key): a module sees why a delivery of its
 * own failed, sends one again, and tests its receiver. Another module's event is 404; the
 * administrator's views across modules are under /api/v1/admin/webhooks.
 */
@ApiTags('webhooks')
@ApiSecurity('api-key')
@Callers('module')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** The module's webhook events with every delivery attempt, oldest first. */
  @Get('events')
  @Scopes('approvals:read')
  events(@CurrentModule() module: ModulePrincipal, @Query() q: WebhookEventsQuery): Promise<WebhookEventPageDto> {
    return this.webhooks.listForModule(module.moduleId, q);
  }

  /** Delivers one of the module's events again, with the same webhook-id; 202, the POST follows. */
  @Post('events/:id/resend')
  @Scopes('approvals:write')
  @HttpCode(202)
  @ApiErrors(HttpStatus.NOT_FOUND, IntegrationErrorCode.WEBHOOK_EVENT_NOT_FOUND)
  resend(@CurrentModule() module: ModulePrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookQueuedDto> {
    return this.webhooks.resendForModule(module.moduleId, id);
  }

  /** Sends a signed `ping` event to one of the module's registered callback URLs; 202, the POST follows. */
  @Post('test')
  @Scopes('approvals:write')
  @HttpCode(202)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, IntegrationErrorCode.CALLBACK_URL_NOT_REGISTERED, IntegrationErrorCode.CALLBACK_URL_REFUSED, IntegrationErrorCode.WEBHOOK_SECRET_MISSING)
  test(@CurrentModule() module: ModulePrincipal, @Body() dto: TestWebhookDto): Promise<WebhookQueuedDto> {
    return this.webhooks.ping(module.moduleId, dto.callbackUrl);
  }
}
