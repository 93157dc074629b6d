/**
 * Shapes of the admin answers the OpenAPI document leaves untyped (the server returns
 * interfaces there, not DTO classes); kept to what the pages read.
 */
export interface Unit {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  letterhead: { lines: string[]; address?: string; phone?: string; email?: string; website?: string; logoObjectId?: string } | null;
}

export interface Holder {
  personId: string;
  name: string;
  nip: string | null;
  startedOn: string;
}

export interface Position {
  id: string;
  code: string;
  name: string;
  unitId: string;
  superiorId: string | null;
  isHead: boolean;
  canSign: boolean;
  holders: Holder[];
}

export interface Person {
  id: string;
  username: string;
  name: string;
  nip: string | null;
  rank: string | null;
  email: string | null;
  roles: string[];
  active: boolean;
}

export interface Delegation {
  id: string;
  kind: 'plt' | 'plh';
  personId: string;
  positionId: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  revokedAt: string | null;
}

export interface ModuleClient {
  id: string;
  name: string;
  description: string | null;
  scopes: string[];
  active: boolean;
  callbackUrls: string[];
}

export interface ApiKey {
  id: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface DeadLetter {
  id: string;
  moduleName: string;
  approvalId: string;
  type: string;
  attempts: number;
  lastError: string | null;
  callbackUrl: string;
  deadAt: string;
}

export const ROLES = ['staff', 'official', 'registrar', 'archivist', 'admin', 'auditor'] as const;
export const SCOPES = ['approvals:read', 'approvals:write', 'letters:read', 'verify:read'] as const;

export interface NumberFormat {
  key: string;
  label: string;
  types: string[];
  pattern: string;
  scope: string[];
  source: 'file' | 'database';
  updatedAt: string | null;
}

export const SCOPE_KEYS = ['unit', 'type', 'classification', 'month', 'year'] as const;
export const SIFAT = ['biasa', 'terbatas', 'rahasia', 'sangat_rahasia'] as const;
