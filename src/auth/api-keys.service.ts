import { createHash, randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import { preparedQuery } from '../database/prepared-query';
import { ApiKeyEntity } from '../records/api-key.entity';
import { AuthError, AuthErrorCode } from './auth.errors';
import { ModuleClientEntity } from '../records/module-client.entity';
import { ModulePrincipal } from '../records/principal';
import { PRINCIPAL_CACHE_MS } from './principal.service';

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** The scopes a module key can carry. */
export const KNOWN_SCOPES = ['approvals:read', 'approvals:write', 'letters:read', 'verify:read'] as const;

export interface IssuedKey {
  id: string;
  key: string;
  prefix: string;
  scopes: string[];
  expiresAt: Date | null;
}

export interface RotatedKey extends IssuedKey {
  /** The key rotated out, valid until `expiresAt`. */
  previous: { id: string; expiresAt: Date };
}

interface KeyRow {
  id: string;
  module_id: string;
  scopes: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  name: string;
  active: boolean;
}

@Injectable()
export class ApiKeysService {
  /**
   * Valid keys as last read, by hash, kept PRINCIPAL_CACHE_MS (as people's principals are):
   * every module request starts with this check. Changes to keys and modules through this
   * process drop the entries at once; in other processes they take effect within that time.
   */
  private readonly checked = new Map<string, { row: KeyRow; principal: ModulePrincipal; until: number }>();

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    @InjectRepository(ModuleClientEntity) private readonly modules: Repository<ModuleClientEntity>,
    private readonly audit: AuditService,
  ) {}

  async authenticate(key: string): Promise<ModulePrincipal> {
    if (key.length < 8 || key.length > 200) throw AuthError.apiKeyInvalid();
    const hash = hashApiKey(key);
    const now = new Date();
    const hit = this.checked.get(hash);
    let entry = hit && hit.until > now.getTime() ? hit : undefined;
    if (!entry) {
      const [row] = await preparedQuery<KeyRow>(
        this.keys.manager,
        `SELECT k.id, k.module_id, k.scopes, k.expires_at, k.revoked_at, k.last_used_at, m.name, m.active
           FROM api_key k JOIN module_client m ON m.id = k.module_id WHERE k.key_hash = $1`,
        [hash],
      );
      if (row) {
        // One principal object per entry: the abilities built for it are kept by object (AbilityFactory).
        const principal: ModulePrincipal = { kind: 'module', moduleId: row.module_id, moduleName: row.name, keyId: row.id, scopes: row.scopes };
        // Never kept past the key's own expiry; unknown and refused keys are not kept at all.
        entry = { row, principal, until: Math.min(now.getTime() + PRINCIPAL_CACHE_MS, row.expires_at?.getTime() ?? Infinity) };
        this.checked.set(hash, entry);
        if (this.checked.size > 10_000) this.checked.delete(this.checked.keys().next().value as string);
      }
    }
    const row = entry?.row;
    if (!row || !row.active || row.revoked_at || (row.expires_at && row.expires_at <= now)) {
      this.checked.delete(hash);
      throw AuthError.apiKeyInvalid();
    }
    // Recording use is best effort and at most once a minute per key.
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
      row.last_used_at = now;
      void this.keys.update(row.id, { lastUsedAt: now }).catch(() => undefined);
    }
    return entry!.principal;
  }

  /** Drops the checked keys: a key or a module changed. */
  invalidate(): void {
    this.checked.clear();
  }

  /** Creates a key; the key itself is returned once and never stored. */
  issue(moduleId: string, scopes: string[] | undefined, expiresAt: Date | null = null, fixedKey?: string): Promise<IssuedKey> {
    return this.audit.within(
      (tx) => this.insertKey(tx, moduleId, scopes, expiresAt, fixedKey),
      (issued) => ({
        action: AuditAction.ApiKeyIssue,
        object: { type: 'api_key', id: issued.id },
        details: { moduleId, prefix: issued.prefix, scopes: issued.scopes, expiresAt: issued.expiresAt?.toISOString() ?? null },
      }),
    );
  }

  private async insertKey(tx: EntityManager, moduleId: string, scopes: string[] | undefined, expiresAt: Date | null, fixedKey?: string): Promise<IssuedKey> {
    const module = await tx.findOneBy(ModuleClientEntity, { id: moduleId });
    if (!module) throw new AuthError(AuthErrorCode.MODULE_NOT_FOUND, `Module ${moduleId} not found`, HttpStatus.NOT_FOUND);
    const granted = scopes ?? module.scopes;
    const outside = granted.filter((s) => !module.scopes.includes(s));
    if (outside.length > 0) {
      throw new AuthError(AuthErrorCode.SCOPE_NOT_ALLOWED, `The module may not hold: ${outside.join(', ')}`, HttpStatus.UNPROCESSABLE_ENTITY, { scopes: outside });
    }
    const key = fixedKey ?? `esk_${randomBytes(30).toString('base64url')}`;
    const prefix = key.slice(0, 10);
    const saved = await tx.save(tx.create(ApiKeyEntity, { moduleId, keyHash: hashApiKey(key), prefix, scopes: granted, expiresAt }));
    return { id: saved.id, key, prefix, scopes: granted, expiresAt };
  }

  /**
   * Issues a successor of a key with the same scopes; the old key stays valid for
   * `overlapHours` more (never longer than it already would), so the module can deploy the
   * new key without downtime.
   */
  async rotate(moduleId: string, keyId: string, overlapHours: number): Promise<RotatedKey> {
    const old = await this.keys.findOneBy({ id: keyId, moduleId });
    if (!old || old.revokedAt) throw new AuthError(AuthErrorCode.API_KEY_NOT_FOUND, `API key ${keyId} not found`, HttpStatus.NOT_FOUND);
    const overlapEnd = new Date(Date.now() + overlapHours * 3600_000);
    const previousExpiresAt = old.expiresAt && old.expiresAt < overlapEnd ? old.expiresAt : overlapEnd;
    const issued = await this.audit.within(
      async (tx) => {
        const successor = await this.insertKey(tx, moduleId, old.scopes, null);
        await tx.update(ApiKeyEntity, old.id, { expiresAt: previousExpiresAt });
        return successor;
      },
      (successor) => ({
        action: AuditAction.ApiKeyRotate,
        object: { type: 'api_key', id: old.id },
        details: { moduleId, successorId: successor.id, prefix: successor.prefix, previousExpiresAt: previousExpiresAt.toISOString() },
      }),
    );
    this.invalidate();
    return { ...issued, previous: { id: old.id, expiresAt: previousExpiresAt } };
  }

  async revoke(moduleId: string, keyId: string): Promise<void> {
    const result = await this.keys.manager.transaction(async (tx) => {
      const done = await tx.update(ApiKeyEntity, { id: keyId, moduleId, revokedAt: IsNull() }, { revokedAt: new Date() });
      if (done.affected) await this.audit.record(tx, { action: AuditAction.ApiKeyRevoke, object: { type: 'api_key', id: keyId }, details: { moduleId } });
      return done;
    });
    this.invalidate();
    if (!result.affected) {
      const exists = await this.keys.existsBy({ id: keyId, moduleId });
      if (!exists) throw new AuthError(AuthErrorCode.API_KEY_NOT_FOUND, `API key ${keyId} not found`, HttpStatus.NOT_FOUND);
    }
  }

  list(moduleId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { moduleId }, order: { createdAt: 'DESC' } });
  }
}
