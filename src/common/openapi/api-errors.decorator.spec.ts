import 'reflect-metadata';
import { HttpStatus } from '@nestjs/common';
import { ApiErrors, apiErrorsOf } from './api-errors.decorator';
import { operationIdOf, shortSummary } from '../../openapi-document';

describe('@ApiErrors', () => {
  it('keeps every status and its codes, the controller\'s before the handler\'s', () => {
    @ApiErrors(HttpStatus.NOT_FOUND, 'LETTER_NOT_FOUND')
    class LettersController {
      @ApiErrors(HttpStatus.UNPROCESSABLE_ENTITY, 'TRANSITION_NOT_ALLOWED', 'GUARD_REFUSED')
      @ApiErrors(HttpStatus.CONFLICT, 'VERSION_CONFLICT')
      transition(): void {}

      other(): void {}
    }
    expect(apiErrorsOf(LettersController, LettersController.prototype.transition)).toEqual([
      { status: 404, codes: ['LETTER_NOT_FOUND'] },
      { status: 409, codes: ['VERSION_CONFLICT'] },
      { status: 422, codes: ['TRANSITION_NOT_ALLOWED', 'GUARD_REFUSED'] },
    ]);
    expect(apiErrorsOf(LettersController, LettersController.prototype.other)).toEqual([{ status: 404, codes: ['LETTER_NOT_FOUND'] }]);
  });

  it('refuses a status that is no error and an empty list of codes', () => {
    expect(() => ApiErrors(200, 'OK')).toThrow(/not an error status/);
    expect(() => ApiErrors(HttpStatus.NOT_FOUND)).toThrow(/at least one code/);
  });
});

describe('operationIdOf', () => {
  it('is the controller and the method in snake case', () => {
    expect(operationIdOf('LettersController', 'list')).toBe('letters_list');
    expect(operationIdOf('ModuleClientsController', 'rotateWebhookSecret')).toBe('module_clients_rotate_webhook_secret');
    expect(operationIdOf('OrganizationController', 'listUnits')).toBe('organization_list_units');
  });
});

describe('shortSummary', () => {
  it('keeps a one-sentence comment whole, without its full stop', () => {
    expect(shortSummary('Every saved version of the draft.')).toEqual({ summary: 'Every saved version of the draft', description: undefined });
  });

  it('moves the sentences after the first into the description, before one already there', () => {
    expect(shortSummary('Recalls a disposition. Only the sender may.', 'More.')).toEqual({ summary: 'Recalls a disposition', description: 'Only the sender may.\n\nMore.' });
  });
});
