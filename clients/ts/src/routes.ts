/**
 * Every route the client calls, in OpenAPI form (`{id}` parameters). The e2e test
 * test/e2e/approvals.e2e-spec.ts checks each against the document the server serves at
 * /api/docs-json, so the client cannot drift from the API unnoticed.
 */
export const CLIENT_ROUTES = [
  { name: 'createApproval', method: 'post', path: '/api/v1/approvals' },
  { name: 'listApprovals', method: 'get', path: '/api/v1/approvals' },
  { name: 'getApproval', method: 'get', path: '/api/v1/approvals/{id}' },
  { name: 'cancelApproval', method: 'post', path: '/api/v1/approvals/{id}/cancel' },
  { name: 'downloadDocument', method: 'get', path: '/api/v1/approvals/{id}/document' },
  { name: 'listWebhookEvents', method: 'get', path: '/api/v1/webhooks/events' },
  { name: 'resendWebhookEvent', method: 'post', path: '/api/v1/webhooks/events/{id}/resend' },
  { name: 'sendTestWebhook', method: 'post', path: '/api/v1/webhooks/test' },
] as const;

export type ClientRouteName = (typeof CLIENT_ROUTES)[number]['name'];
