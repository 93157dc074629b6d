/**
 * A small valid workflow file for validator tests; each test breaks one thing in it with
 * `edit`, which fails loudly if the text to replace is missing so a fixture never silently
 * stays valid.
 */
export const MINI_WORKFLOW = `# yaml-language-server: $schema=./schema/workflow.schema.json
version: 1
name: Mini
initial: draft
final: [done, cancelled]
states:
  draft:
    label: Konsep
  review:
    label: Pemeriksaan
    route: reviewers
    onStep: [notify]
    deadline: { after: PT48H, fires: remind }
  done:
    label: Selesai
    onEntry: [archive]
  cancelled:
    label: Dibatalkan
events:
  submit:
    label: Ajukan
    from: draft
    to: review
    by: [drafter]
    guards: [hasReviewers]
  approve:
    label: Paraf
    from: review
    route: advance
    to: done
    by: [stepAssignee]
  remind:
    label: Ingatkan
    from: review
    actions: [notifySuperior]
    by: [system]
  cancel:
    label: Batalkan
    from: [draft, review]
    to: cancelled
    by: [drafter]
`;

export function edit(text: string, find: string, replace: string): string {
  if (!text.includes(find)) throw new Error(`fixture does not contain ${JSON.stringify(find)}`);
  return text.replace(find, replace);
}
