import { Controller, Get, HttpStatus, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPerson } from '../auth/auth.decorators';
import { PersonPrincipal } from '../records/principal';
import { CommonError, CommonErrorCode } from '../common/errors/app-error';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { Role } from '../records/person.entity';
import { renderMermaid } from './definition/workflow-diagram.renderer';
import { LAYOUT, layoutWorkflow } from './definition/workflow-layout';
import { WorkflowDiagramDto, WorkflowSummaryDto } from './dto/workflow-diagram.dto';
import { WorkflowError, WorkflowErrorCode } from './engine/workflow.errors';
import { WorkflowRegistry } from './workflow-registry.service';

/** Admin API: the workflow files in force, each as a diagram. Admins only (no CASL subject names a workflow). */
@ApiTags('admin: workflows')
@ApiBearerAuth()
@Controller('api/v1/admin/workflows')
export class WorkflowAdminController {
  constructor(private readonly registry: WorkflowRegistry) {}

  /** The workflows loaded at start-up, by key. */
  @Get()
  @ApiErrors(HttpStatus.FORBIDDEN, CommonErrorCode.FORBIDDEN)
  list(@CurrentPerson() person: PersonPrincipal): WorkflowSummaryDto[] {
    assertAdmin(person);
    return this.registry
      .all()
      .map(({ workflow: { definition: d } }) => ({
        key: d.key,
        version: d.version,
        name: d.name,
        description: d.description ?? null,
        stateCount: Object.keys(d.states).length,
        eventCount: Object.keys(d.events).length,
      }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  /** One workflow laid out for drawing (states in columns by distance from the start, every allowed transition), with its Mermaid text. */
  @Get(':key/diagram')
  @ApiErrors(HttpStatus.FORBIDDEN, CommonErrorCode.FORBIDDEN)
  @ApiErrors(HttpStatus.NOT_FOUND, WorkflowErrorCode.WORKFLOW_NOT_FOUND)
  diagram(@Param('key') key: string, @CurrentPerson() person: PersonPrincipal): WorkflowDiagramDto {
    assertAdmin(person);
    const registered = this.registry.latest(key);
    if (!registered) throw new WorkflowError(WorkflowErrorCode.WORKFLOW_NOT_FOUND, `No workflow "${key}"`, { key });
    const definition = registered.workflow.definition;
    return {
      key: definition.key,
      version: definition.version,
      name: definition.name,
      nodeWidth: LAYOUT.nodeWidth,
      nodeHeight: LAYOUT.nodeHeight,
      ...layoutWorkflow(definition),
      mermaid: renderMermaid(definition),
    };
  }
}

function assertAdmin(person: PersonPrincipal): void {
  if (!person.roles.includes(Role.Admin)) throw CommonError.forbidden('Only an admin reads the workflow diagrams');
}
