import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Can } from '../../authz/policy.decorator';
import { IntegrationError, IntegrationErrorCode } from '../integrations.errors';
import { DeadLetterQuery } from './dto/dead-letter.query';
import { WebhooksService } from './webhooks.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

const EVENT_COLUMNS = `e.id, e.module_id AS "moduleId", m.name AS "moduleName", e.letter_id AS "approvalId", e.sequence, e.type, e.status,
  e.attempts, e.last_error AS "lastError", e.callback_url AS "callbackUrl", e.created_at AS "createdAt", e.delivered_at AS "deliveredAt", e.dead_at AS "deadAt"`;

/** Admin API: webhook events that could not be delivered (dead letters), their attempts, and re-sending. */
@ApiTags('admin: webhooks')
@ApiBearerAuth()
@Controller('api/v1/admin/webhooks')
export class WebhooksAdminController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksService,
  ) {}

  /** Dead events, most recent first. */
  @Can('read', 'ModuleClient')
  @Get('dead-letters')
  async deadLetters(@Query() q: DeadLetterQuery) {
    const params: unknown[] = [];
    let filter = '';
    if (q.moduleId) {
      params.push(q.moduleId);
      filter = `AND e.module_id = $1`;
    }
    const [items, [{ total }]] = await Promise.all([
      this.db.query(
        `SELECT ${EVENT_COLUMNS} FROM webhook_event e JOIN module_client m ON m.id = e.module_id
          WHERE e.status = 'dead' ${filter} ORDER BY e.dead_at DESC, e.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.limit, (q.page - 1) * q.limit],
      ),
      this.db.query(`SELECT count(*)::int AS total FROM webhook_event e WHERE e.status = 'dead' ${filter}`, params),
    ]);
    return { items, total, page: q.page, limit: q.limit };
  }

  /** One event with its payload and every delivery attempt (status, response code, latency). */
  @Can('read', 'ModuleClient')
  @Get(':eventId')
  @ApiErrors(HttpStatus.NOT_FOUND, IntegrationErrorCode.WEBHOOK_EVENT_NOT_FOUND)
  async event(@Param('eventId', ParseUUIDPipe) eventId: string) {
    const [event] = await this.db.query(`SELECT ${EVENT_COLUMNS}, e.payload FROM webhook_event e JOIN module_client m ON m.id = e.module_id WHERE e.id = $1`, [eventId]);
    if (!event) throw new IntegrationError(IntegrationErrorCode.WEBHOOK_EVENT_NOT_FOUND, `Webhook event ${eventId} not found`, 404);
    const attempts = await this.db.query(
      `SELECT attempt, started_at AS "startedAt", status, status_code AS "statusCode", latency_ms AS "latencyMs", error
         FROM webhook_attempt WHERE event_id = $1 ORDER BY attempt, id`,
      [eventId],
    );
    return { ...event, attempts };
  }

  /** Sends a dead event again, with a fresh set of attempts. */
  @Can('update', 'ModuleClient')
  @Post(':eventId/resend')
  @HttpCode(202)
  @ApiErrors(HttpStatus.NOT_FOUND, IntegrationErrorCode.WEBHOOK_EVENT_NOT_FOUND)
  @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, IntegrationErrorCode.WEBHOOK_EVENT_NOT_DEAD)
  async resend(@Param('eventId', ParseUUIDPipe) eventId: string): Promise<{ id: string; status: 'pending' }> {
    if (await this.webhooks.resend(eventId)) return { id: eventId, status: 'pending' };
    const [exists] = await this.db.query('SELECT status FROM webhook_event WHERE id = $1', [eventId]);
    if (!exists) throw new IntegrationError(IntegrationErrorCode.WEBHOOK_EVENT_NOT_FOUND, `Webhook event ${eventId} not found`, 404);
    throw IntegrationError.unprocessable(IntegrationErrorCode.WEBHOOK_EVENT_NOT_DEAD, `Only dead events are re-sent; this one is ${exists.status}`);
  }
}
