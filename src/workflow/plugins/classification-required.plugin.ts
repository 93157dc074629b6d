import { Injectable } from '@nestjs/common';
import { BeforeTransitionContext, WorkflowPlugin, WorkflowPluginProvider } from './workflow-plugin';

/** Events after which a letter is numbered, and so must carry its classification code. */
const NUMBERING_EVENTS = new Set(['sign']);

/**
 * Example plugin: the letter number is built from the classification code (kode klasifikasi
 * arsip, Permendagri 83/2022), so a letter without one may not be signed. Refuses with a
 * reason the API returns as 422 PLUGIN_REFUSED.
 */
@Injectable()
@WorkflowPluginProvider()
export class ClassificationRequiredPlugin implements WorkflowPlugin {
  readonly name = 'classification-required';
  readonly events = [...NUMBERING_EVENTS];

  async beforeTransition(ctx: BeforeTransitionContext): Promise<void | { refuse: string }> {
    if (ctx.letter.kind !== 'outgoing') return;
    if (!ctx.letter.classificationCode) {
      return { refuse: 'Kode klasifikasi arsip wajib diisi sebelum naskah ditandatangani (nomor surat memakainya)' };
    }
  }
}
