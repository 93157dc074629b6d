import { edit, MINI_WORKFLOW } from './testing/mini-workflow.fixture';
import { BUILT_IN_NAMES, parseWorkflowSource, validateWorkflowSource } from './workflow-source.validator';

const problems = (text: string) => validateWorkflowSource('workflows/mini.yaml', text);

const addState = (text: string, yaml: string) => edit(text, '  cancelled:\n    label: Dibatalkan\n', `  cancelled:\n    label: Dibatalkan\n${yaml}`);
const addEvent = (text: string, yaml: string) => edit(text, 'events:\n', `events:\n${yaml}`);

describe('validateWorkflowSource', () => {
  it('accepts the valid fixture', () => {
    expect(problems(MINI_WORKFLOW)).toEqual([]);
  });

  describe('refuses, naming the file, the line and the reason', () => {
    it('an unknown state in to (and what it leaves unreachable)', () => {
      expect(problems(edit(MINI_WORKFLOW, '    to: review\n', '    to: reviw\n'))).toEqual([
        'mini.yaml: line 23: events.submit.to: unknown state "reviw"',
        'mini.yaml: line 9: states.review: state "review" is unreachable from the initial state "draft"',
        'mini.yaml: line 14: states.done: state "done" is unreachable from the initial state "draft"',
      ]);
    });

    it('an unknown state in from', () => {
      expect(problems(edit(MINI_WORKFLOW, '    from: [draft, review]', '    from: [draft, reveiw]'))).toEqual([
        'mini.yaml: line 39: events.cancel.from[1]: unknown state "reveiw"',
      ]);
    });

    it('an unknown initial state, without a cascade of unreachable states', () => {
      expect(problems(edit(MINI_WORKFLOW, 'initial: draft', 'initial: drafts'))).toEqual(['mini.yaml: line 4: initial: unknown state "drafts"']);
    });

    it('an unknown final state', () => {
      expect(problems(edit(MINI_WORKFLOW, 'final: [done, cancelled]', 'final: [done, canceled]'))).toEqual([
        'mini.yaml: line 5: final[1]: unknown state "canceled"',
        'mini.yaml: line 17: states.cancelled: state "cancelled" is a dead end: no event leads out of it and it is not final',
      ]);
    });

    it('a deadline firing an unknown event', () => {
      expect(problems(edit(MINI_WORKFLOW, 'fires: remind', 'fires: remnd'))).toEqual([
        'mini.yaml: line 13: states.review.deadline.fires: unknown event "remnd"',
      ]);
    });

    it('a deadline firing an event that is not allowed from its state or not by the system', () => {
      const text = edit(MINI_WORKFLOW, '    from: review\n    actions: [notifySuperior]\n    by: [system]', '    from: draft\n    actions: [notifySuperior]\n    by: [drafter]');
      expect(problems(text)).toEqual([
        'mini.yaml: line 13: states.review.deadline.fires: event "remind" cannot be fired from "review" (add it to its from)',
        'mini.yaml: line 13: states.review.deadline.fires: event "remind" must allow by: system to be fired by a deadline',
      ]);
    });

    it('an unreachable state', () => {
      const text = addEvent(addState(MINI_WORKFLOW, '  orphan:\n    label: Yatim\n'), '  adopt:\n    label: Adopsi\n    from: orphan\n    to: done\n    by: [drafter]\n');
      expect(problems(text)).toEqual(['mini.yaml: line 19: states.orphan: state "orphan" is unreachable from the initial state "draft"']);
    });

    it('a dead end: a state with no way out that is not final', () => {
      const text = addEvent(addState(MINI_WORKFLOW, '  limbo:\n    label: Menggantung\n'), '  park:\n    label: Parkir\n    from: draft\n    to: limbo\n    by: [drafter]\n');
      expect(problems(text)).toEqual(['mini.yaml: line 19: states.limbo: state "limbo" is a dead end: no event leads out of it and it is not final']);
    });

    it('a trap: states that only lead to each other', () => {
      const states = '  ping:\n    label: Ping\n  pong:\n    label: Pong\n';
      const events =
        '  go_ping:\n    label: Ping\n    from: [draft, pong]\n    to: ping\n    by: [drafter]\n' +
        '  go_pong:\n    label: Pong\n    from: ping\n    to: pong\n    by: [drafter]\n';
      expect(problems(addEvent(addState(MINI_WORKFLOW, states), events))).toEqual([
        'mini.yaml: line 19: states.ping: state "ping" cannot reach any final state',
        'mini.yaml: line 21: states.pong: state "pong" cannot reach any final state',
      ]);
    });

    it('an event with no source state', () => {
      expect(problems(edit(MINI_WORKFLOW, '    from: [draft, review]', '    from: []'))).toEqual([
        'mini.yaml: line 39: events.cancel.from: event has no source state (from is empty)',
        'mini.yaml: line 17: states.cancelled: state "cancelled" is unreachable from the initial state "draft"',
      ]);
    });

    it('an event leaving a final state', () => {
      expect(problems(edit(MINI_WORKFLOW, '    from: [draft, review]', '    from: [draft, review, done]'))).toEqual([
        'mini.yaml: line 39: events.cancel.from[2]: "done" is a final state; nothing may happen after it',
      ]);
    });

    it('an unknown guard, listing the known ones', () => {
      expect(problems(edit(MINI_WORKFLOW, 'guards: [hasReviewers]', 'guards: [hasReviewer]'))).toEqual([
        `mini.yaml: line 25: events.submit.guards[0]: unknown guard "hasReviewer" (known: ${BUILT_IN_NAMES.guards.join(', ')})`,
      ]);
    });

    it('an unknown action, listing the known ones', () => {
      expect(problems(edit(MINI_WORKFLOW, 'onEntry: [archive]', 'onEntry: [archiv]'))).toEqual([
        `mini.yaml: line 16: states.done.onEntry[0]: unknown action "archiv" (known: ${BUILT_IN_NAMES.actions.join(', ')})`,
      ]);
    });

    it('an action listed where it does not run: the signing plugin\'s on a state or another event, and a sign event without signDocument', () => {
      expect(problems(edit(MINI_WORKFLOW, 'onEntry: [archive]', 'onEntry: [assignNumber, archive]'))).toEqual([
        'mini.yaml: line 16: states.done.onEntry[0]: assignNumber is done by the signing plugin inside the "sign" transition, before it is written: list it in events.sign.actions',
      ]);
      expect(problems(edit(MINI_WORKFLOW, '    to: done\n    by: [stepAssignee]\n', '    to: done\n    by: [stepAssignee]\n    actions: [signDocument]\n'))).toEqual([
        'mini.yaml: line 32: events.approve.actions[0]: signDocument is done by the signing plugin inside the "sign" transition, before it is written: list it in events.sign.actions',
      ]);
      const signing = edit(MINI_WORKFLOW, '  approve:\n    label: Paraf\n', '  sign:\n    label: Tanda tangani\n');
      expect(problems(signing)).toEqual(['mini.yaml: line 26: events.sign.actions: the signing plugin signs the document on every "sign" event: list signDocument in its actions']);
      expect(problems(edit(signing, '    to: done\n    by: [stepAssignee]\n', '    to: done\n    by: [stepAssignee]\n    actions: [assignNumber, signDocument]\n'))).toEqual([]);
    });

    it('a bad duration in a deadline or in the urgency table', () => {
      expect(problems(edit(MINI_WORKFLOW, 'after: PT48H', 'after: PT48'))).toEqual([
        'mini.yaml: line 13: states.review.deadline.after: bad duration: "PT48" is not an ISO-8601 duration (e.g. PT48H, P2D, P1DT12H)',
      ]);
      expect(problems(edit(MINI_WORKFLOW, 'after: PT48H', 'after: P1M'))).toEqual([
        'mini.yaml: line 13: states.review.deadline.after: bad duration: "P1M" uses years or months; use days or hours (e.g. P30D)',
      ]);
      expect(problems(edit(MINI_WORKFLOW, 'final: [done, cancelled]\n', 'final: [done, cancelled]\nurgencyDeadlines:\n  segera: 2 days\n'))).toEqual([
        'mini.yaml: line 7: urgencyDeadlines.segera: bad duration: "2 days" is not an ISO-8601 duration (e.g. PT48H, P2D, P1DT12H)',
      ]);
    });

    it('schema errors: missing and unknown keys, types, names, actor forms, enums', () => {
      expect(problems(edit(MINI_WORKFLOW, '  done:\n    label: Selesai\n', '  done:\n    title: Selesai\n'))).toEqual([
        'mini.yaml: line 14: states.done: schema: missing key "label"',
        'mini.yaml: line 15: states.done.title: schema: unknown key "title"',
      ]);
      expect(problems(edit(MINI_WORKFLOW, 'version: 1', 'version: "1"'))).toEqual(['mini.yaml: line 2: version: schema: must be integer']);
      expect(problems(edit(MINI_WORKFLOW, '  draft:\n    label: Konsep', '  Draft:\n    label: Konsep'))).toEqual([
        'mini.yaml: line 7: states.Draft: schema: name "Draft" must be lower_snake_case',
      ]);
      expect(problems(edit(MINI_WORKFLOW, '    to: cancelled\n    by: [drafter]', '    to: cancelled\n    by: [boss]'))).toEqual([
        'mini.yaml: line 41: events.cancel.by[0]: schema: must be drafter, stepAssignee, system, { role: <role> }, { position: <position id> } or { positionOf: <letter position> }',
      ]);
      expect(problems(edit(MINI_WORKFLOW, 'route: advance', 'route: next'))).toEqual(['mini.yaml: line 29: events.approve.route: schema: must be one of: advance']);
    });

    it('YAML syntax errors', () => {
      expect(problems(edit(MINI_WORKFLOW, 'name: Mini', 'name: [Mini'))).toEqual([
        'mini.yaml: line 4: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ]);
      expect(problems(edit(MINI_WORKFLOW, 'name: Mini', 'name: Mini\nname: Lagi'))).toEqual(['mini.yaml: line 4: YAML: Map keys must be unique']);
    });

    it('a file name that is not a kebab-case .yaml key', () => {
      expect(validateWorkflowSource('Surat_Keluar.yaml', MINI_WORKFLOW)).toEqual([
        'Surat_Keluar.yaml: the file name must be kebab-case and end with .yaml (e.g. surat-keluar.yaml)',
      ]);
    });
  });

  describe('route rules', () => {
    it('route: advance needs route states in from and only stepAssignee in by', () => {
      expect(problems(edit(MINI_WORKFLOW, '    from: review\n    route: advance', '    from: [review, draft]\n    route: advance'))).toEqual([
        'mini.yaml: line 29: events.approve.route: route: advance needs route states in from, and "draft" has no route',
        'mini.yaml: line 31: events.approve.by: by: stepAssignee needs route states in from, and "draft" has no route',
      ]);
      expect(problems(edit(MINI_WORKFLOW, '    to: done\n    by: [stepAssignee]', '    to: done\n    by: [stepAssignee, drafter]'))).toEqual([
        'mini.yaml: line 31: events.approve.by: route: advance records the approval of a step, so by must be [stepAssignee]',
      ]);
    });

    it('returns, resubmissions and branches need a target; a resubmission a route state', () => {
      const returnWithoutTarget = addEvent(MINI_WORKFLOW, '  send_back:\n    label: Kembalikan\n    from: review\n    returnTo: drafter\n    by: [stepAssignee]\n');
      expect(problems(returnWithoutTarget)).toEqual(['mini.yaml: line 23: events.send_back.returnTo: returnTo needs a target: add to']);

      const restartIntoDraft = addEvent(MINI_WORKFLOW, '  redo:\n    label: Ulang\n    from: review\n    to: draft\n    restartRouteAt: first\n    by: [drafter]\n');
      expect(problems(restartIntoDraft)).toEqual([
        'mini.yaml: line 24: events.redo.restartRouteAt: restartRouteAt needs route states as targets, and "draft" has no route',
      ]);

      const branchWithoutDefault = edit(MINI_WORKFLOW, '    to: review\n    by: [drafter]', '    branches:\n      - when: hasReviewers\n        to: review\n    by: [drafter]');
      expect(problems(branchWithoutDefault)).toEqual(['mini.yaml: line 23: events.submit.branches: branches need a default target: add to']);

      const twoEffects = edit(MINI_WORKFLOW, '    route: advance\n', '    route: advance\n    returnTo: drafter\n');
      expect(problems(twoEffects)).toEqual(['mini.yaml: line 26: events.approve: use only one of route, returnTo']);
    });

    it('onStep only on route states; no route editing in route states; final states without routes; initial not final', () => {
      expect(problems(edit(MINI_WORKFLOW, '    label: Konsep\n', '    label: Konsep\n    onStep: [notify]\n'))).toEqual([
        'mini.yaml: line 9: states.draft.onStep: onStep needs a route state (add route: reviewers or route: signers)',
      ]);
      expect(problems(edit(MINI_WORKFLOW, '    route: reviewers\n', '    route: reviewers\n    editRoutes: true\n'))).toEqual([
        'mini.yaml: line 12: states.review.editRoutes: routes cannot be edited in a route state, while its steps are deciding',
      ]);
      expect(problems(edit(MINI_WORKFLOW, '    label: Dibatalkan\n', '    label: Dibatalkan\n    route: signers\n'))).toEqual([
        'mini.yaml: line 19: states.cancelled.route: a final state cannot have route',
      ]);
      expect(problems(edit(MINI_WORKFLOW, 'final: [done, cancelled]', 'final: [done, cancelled, draft]'))).toEqual([
        'mini.yaml: line 4: initial: "draft" is also a final state',
        'mini.yaml: line 22: events.submit.from[0]: "draft" is a final state; nothing may happen after it',
        'mini.yaml: line 39: events.cancel.from[0]: "draft" is a final state; nothing may happen after it',
      ]);
    });
  });

  it('accepts guard and action names provided by plugins when the server passes them', () => {
    const text = edit(edit(MINI_WORKFLOW, 'guards: [hasReviewers]', 'guards: [budgetAvailable]'), 'onEntry: [archive]', 'onEntry: [postToSimral]');
    expect(problems(text)).toHaveLength(2);
    const known = { guards: [...BUILT_IN_NAMES.guards, 'budgetAvailable'], actions: [...BUILT_IN_NAMES.actions, 'postToSimral'] };
    expect(validateWorkflowSource('mini.yaml', text, known)).toEqual([]);
  });
});

describe('parseWorkflowSource: identity of a definition', () => {
  const parse = (text: string) => {
    const parsed = parseWorkflowSource('workflows/mini.yaml', text);
    if (!parsed.workflow) throw new Error(parsed.problems.join('\n'));
    return parsed.workflow;
  };

  it('takes the key from the file name, fills defaults and expands shorthands', () => {
    const workflow = parse(MINI_WORKFLOW);
    expect(workflow).toMatchObject({ key: 'mini', version: 1, source: 'mini.yaml' });
    expect(workflow.definition.usableByModules).toBe(false);
    expect(workflow.definition.urgencyDeadlines).toEqual({ biasa: 'P5D', segera: 'PT48H', sangat_segera: 'PT24H', kilat: 'PT12H' });
    expect(workflow.definition.routes.reviewers).toEqual({ label: 'Pemeriksa', parallel: true });
    expect(workflow.definition.events.submit).toEqual({
      label: 'Ajukan',
      from: ['draft'],
      to: 'review',
      branches: [],
      by: [{ kind: 'drafter' }],
      guards: ['hasReviewers'],
      actions: [],
      requiresNote: false,
    });
  });

  it('stores a canonical JSON form and its SHA-256', () => {
    const workflow = parse(MINI_WORKFLOW);
    expect(JSON.parse(workflow.canonicalJson)).toEqual(workflow.definition);
    expect(workflow.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(workflow.canonicalJson.indexOf('"events"')).toBeLessThan(workflow.canonicalJson.indexOf('"states"'));
  });

  it('keeps the hash when only comments, layout or key order change', () => {
    const reordered = edit(
      edit(MINI_WORKFLOW, 'version: 1\nname: Mini\n', 'name: Mini   # nama alur\nversion: 1\n'),
      '    label: Ajukan\n    from: draft\n',
      '    from: [draft]\n    label: Ajukan\n',
    );
    expect(parse(reordered).hash).toBe(parse(MINI_WORKFLOW).hash);
  });

  it('changes the hash when the meaning changes', () => {
    expect(parse(edit(MINI_WORKFLOW, 'label: Ajukan', 'label: Kirim')).hash).not.toBe(parse(MINI_WORKFLOW).hash);
    expect(parse(edit(MINI_WORKFLOW, 'version: 1', 'version: 2')).hash).not.toBe(parse(MINI_WORKFLOW).hash);
  });
});
