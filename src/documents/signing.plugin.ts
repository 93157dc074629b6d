import { Injectable } from '@nestjs/common';
import { LetterKind } from '../records/letter.entity';
import { BeforeTransitionContext, WorkflowPlugin, WorkflowPluginProvider } from '../workflow/plugins/workflow-plugin';
import { LetterSigningService } from './letter-signing.service';
import { SIGNING_PLUGIN, SigningInput } from './signing-input';

/**
 * Signs the letter's document on every `sign` event, inside the transition (TTE); at the first
 * signature of an outgoing letter it numbers it and renders the final PDF first. Workflow
 * files name this work on the event: `actions: [assignNumber, signDocument]`.
 */
@Injectable()
@WorkflowPluginProvider()
export class SigningPlugin implements WorkflowPlugin {
  readonly name = SIGNING_PLUGIN;
  readonly events = ['sign'];

  constructor(private readonly signing: LetterSigningService) {}

  async beforeTransition(ctx: BeforeTransitionContext): Promise<void | { refuse: string }> {
    if (ctx.actor === 'system' || ctx.actor.kind !== 'person') return;
    // Numbered from the classification code: the classification-required plugin refuses these.
    if (ctx.letter.kind === LetterKind.Outgoing && !ctx.letter.classificationCode) return;
    await this.signing.signInTransition(ctx, ctx.actor, (ctx.own ?? {}) as SigningInput);
  }
}
