import type { LoadedWorkflow } from '../../../records/workflow-definition.types';
import type { LetterFacts } from '../../../records/workflow-snapshot.types';
import { WorkflowErrorCode } from '../workflow.errors';
import { EVERYONE, PEOPLE, WorkflowWalk } from './workflow-walk.testkit';

export type Scenario = (walk: WorkflowWalk) => void;

/**
 * The part of every workflow spec that is generated from the definition: replays all the
 * spec's scenarios on one walker, then checks that they used every edge and reached every
 * state, that every event outside its `from` states is refused in every state for every
 * actor, and that an outsider is refused every event that is allowed.
 */
export function describeWorkflowCoverage(workflow: LoadedWorkflow, facts: LetterFacts, scenarios: Record<string, Scenario>): void {
  describe(`${workflow.key}: generated from the definition`, () => {
    const walk = new WorkflowWalk(workflow, facts);
    const { states, events } = workflow.definition;

    beforeAll(() => {
      for (const run of Object.values(scenarios)) run(walk);
    });

    it('walks every allowed transition', () => {
      expect(walk.exercisedEdges()).toEqual(walk.definedEdges());
    });

    it('reaches every state', () => {
      expect([...walk.reached.keys()].sort()).toEqual(Object.keys(states).sort());
    });

    it('refuses, in every state and for every actor, each event that cannot start there', () => {
      let cells = 0;
      for (const [state, snapshot] of walk.reached) {
        for (const event of Object.keys(events).filter((name) => !events[name].from.includes(state))) {
          for (const actor of EVERYONE) {
            const result = walk.attempt(snapshot, event, actor, { comment: 'catatan' });
            expect({ state, event, actor: actor.personId, code: result.ok ? 'ACCEPTED' : result.code }).toEqual({
              state,
              event,
              actor: actor.personId,
              code: WorkflowErrorCode.TRANSITION_NOT_ALLOWED,
            });
            cells += 1;
          }
        }
      }
      expect(cells).toBeGreaterThan(0);
    });

    it('refuses an outsider every event that is allowed in each state', () => {
      for (const [state, snapshot] of walk.reached) {
        for (const event of Object.keys(events).filter((name) => events[name].from.includes(state))) {
          const result = walk.attempt(snapshot, event, PEOPLE.outsider, { comment: 'catatan' });
          expect({ state, event, code: result.ok ? 'ACCEPTED' : result.code }).toEqual({
            state,
            event,
            code: WorkflowErrorCode.ACTOR_NOT_ALLOWED,
          });
        }
      }
    });

    it('marks the letter done in every final state', () => {
      for (const state of workflow.definition.final) {
        expect(walk.reached.get(state)?.done).toBe(true);
      }
    });
  });
}
