import { IdParam, IfMatchHeader } from '../../../shared/common/schemas.ts';
import { makeAcceptReferral } from '../../../shared/referrals/accept-referral.ts';
import { makeDeclineReferral } from '../../../shared/referrals/decline-referral.ts';
import { makeGetInboxReferral } from '../../../shared/referrals/get-inbox-referral.ts';
import { makeListInbox } from '../../../shared/referrals/list-inbox.ts';
import {
  AcceptInput,
  AcceptResult,
  DeclineInput,
  InboxQuery,
  Referral,
  ReferralPage,
} from '../../../shared/referrals/schemas.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf, etag, ifMatchVersion } from '../http.ts';
import {
  guardedRoute,
  json,
  jsonBody,
  problems,
  resourceRouter,
  versionProblems,
} from '../openapi-kit.ts';

const tags = ['Structures – prescriptions reçues'];
const structure = ['referent', 'structure-admin'] as const;

export function inboxRoutes(deps: ApiDeps) {
  const list = makeListInbox(deps);
  const get = makeGetInboxReferral(deps);
  const accept = makeAcceptReferral(deps);
  const decline = makeDeclineReferral(deps);

  return resourceRouter()
    .openapi(
      guardedRoute('inbox.list', {
        method: 'get',
        path: '/',
        tags,
        summary: 'Les prescriptions reçues, par statut, les plus anciennes d’abord',
        request: { query: InboxQuery },
        responses: { 200: json(ReferralPage, 'Une page de prescriptions'), ...problems },
      }),
      async (c) => {
        const { status, limit, cursor } = c.req.valid('query');
        const page = await list(actorOf(c, structure), status, limit, cursor);
        return c.json({ items: page.items, cursor: page.cursor }, 200);
      },
    )
    .openapi(
      guardedRoute('inbox.get', {
        method: 'get',
        path: '/{id}',
        tags,
        summary: 'Une prescription reçue',
        request: { params: IdParam },
        responses: { 200: json(Referral, 'Prescription'), ...problems },
      }),
      async (c) => {
        const referral = await get(actorOf(c, structure), c.req.valid('param').id);
        c.header('ETag', etag(referral.version));
        return c.json(referral, 200);
      },
    )
    .openapi(
      guardedRoute('inbox.accept', {
        method: 'post',
        path: '/{id}/accept',
        tags,
        summary: 'Accepter : le dossier s’ouvre avec son référent unique',
        request: { params: IdParam, headers: IfMatchHeader, body: jsonBody(AcceptInput) },
        responses: {
          200: json(AcceptResult, 'Prescription acceptée, dossier ouvert'),
          ...versionProblems,
        },
      }),
      async (c) => {
        const result = await accept(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json').referentId,
        );
        c.header('ETag', etag(result.referral.version));
        c.header('Location', `/api/v1/cases/${result.caseId}`);
        return c.json(result, 200);
      },
    )
    .openapi(
      guardedRoute('inbox.decline', {
        method: 'post',
        path: '/{id}/decline',
        tags,
        summary: 'Refuser, avec un motif codé et une phrase',
        request: { params: IdParam, headers: IfMatchHeader, body: jsonBody(DeclineInput) },
        responses: { 200: json(Referral, 'Prescription refusée'), ...versionProblems },
      }),
      async (c) => {
        const referral = await decline(
          actorOf(c, structure),
          c.req.valid('param').id,
          ifMatchVersion(c),
          c.req.valid('json'),
        );
        c.header('ETag', etag(referral.version));
        return c.json(referral, 200);
      },
    );
}
