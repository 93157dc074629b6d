import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

/** Stable codes of what the dashboard (dasbor) refuses. */
export enum DashboardErrorCode {
  /** Only admins and the heads of a unit (or their Plt/Plh) read the dashboard. */
  DASHBOARD_NOT_ALLOWED = 'DASHBOARD_NOT_ALLOWED',
  /** The unit asked for is not one the caller heads, nor below one (or does not exist). */
  DASHBOARD_UNIT_NOT_ALLOWED = 'DASHBOARD_UNIT_NOT_ALLOWED',
  DASHBOARD_INVALID_PERIOD = 'DASHBOARD_INVALID_PERIOD',
}

const STATUS: Record<DashboardErrorCode, HttpStatus> = {
  DASHBOARD_NOT_ALLOWED: HttpStatus.FORBIDDEN,
  DASHBOARD_UNIT_NOT_ALLOWED: HttpStatus.FORBIDDEN,
  DASHBOARD_INVALID_PERIOD: HttpStatus.BAD_REQUEST,
};

export class DashboardError extends AppError {
  constructor(
    override readonly code: DashboardErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, STATUS[code], details);
  }
}
