import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { WorkflowDefinition } from './workflow-definition.types';

/**
 * Every version of every workflow file ever used, stored by hash, so a letter keeps running
 * on the definition it started with when the file is edited.
 */
@Entity('workflow_definition')
@Index('ix_workflow_definition_key_version', ['key', 'version'])
export class WorkflowDefinitionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'int' })
  version: number;

  @Index('ix_workflow_definition_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  hash: string;

  @Column({ type: 'jsonb' })
  definition: WorkflowDefinition;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
