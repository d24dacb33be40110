import { IdempotencyHeader, IdParam, IfMatchHeader } from '../../../shared/common/schemas.ts';
import { makeFileReferral } from '../../../shared/referrals/file-referral.ts';
import { makeGetFollowUp } from '../../../shared/referrals/get-follow-up.ts';
import { makeListDirectory } from '../../../shared/referrals/list-directory.ts';
import { makeListFollowUps } from '../../../shared/referrals/list-follow-ups.ts';
import {
  DirectoryEntry,
  FollowUp,
  FollowUpPage,
  FollowUpQuery,
  ReferralInput,
} from '../../../shared/referrals/schemas.ts';
import { makeWithdrawReferral } from '../../../shared/referrals/withdraw-referral.ts';
import type { ApiDeps } from '../deps.ts';
import { actorOf, etag, ifMatchVersion } from '../http.ts';
import {
  guardedRoute,
  json,
  jsonBody,
  problems,
  resourceRouter,
  versionProblems,
  z,
} from '../openapi-kit.ts';

const tags = ['Prescripteurs'];
const prescriber = ['prescriber'] as const;

/** The directory of structures, under `/directory`. */
export function directoryRoutes(deps: ApiDeps) {
  const listDirectory = makeListDirectory(deps);

  return resourceRouter().openapi(
    guardedRoute('directory.list', {
      method: 'get',
      path: '/',
      tags,
      summary: 'Les structures de mon territoire, avec leurs places libres',
      responses: {
        200: json(z.object({ items: z.array(DirectoryEntry) }), 'Annuaire'),
        ...problems,
      },
    }),
    async (c) => c.json({ items: await listDirectory(actorOf(c, prescriber)) }, 200),
  );
}

/** The prescriber's referrals, under `/referrals`. */
export function referralRoutes(deps: ApiDeps) {
  const fileReferral = makeFileReferral(deps);
  const listFollowUps = makeListFollowUps(deps);
  const getFollowUp = makeGetFollowUp(deps);
  const withdraw = makeWithdrawReferral(deps);

  return resourceRouter()
    .openapi(
      guardedRoute('referral.file', {
        method: 'post',
        path: '/',
        tags,
        summary: 'Adresser une personne à une structure',
        request: { headers: IdempotencyHeader, body: jsonBody(ReferralInput) },
        responses: {
          201: json(FollowUp, 'Prescription envoyée'),
          200: json(FollowUp, 'Même Idempotency-Key : la prescription déjà envoyée'),
          ...versionProblems,
        },
      }),
      async (c) => {
        const { followUp, created } = await fileReferral(
          actorOf(c, prescriber),
          c.req.valid('json'),
          c.req.valid('header')['idempotency-key'],
        );
        c.header('ETag', etag(followUp.version));
        c.header('Location', `/api/v1/referrals/${followUp.id}`);
        return created ? c.json(followUp, 201) : c.json(followUp, 200);
      },
    )
    .openapi(
      guardedRoute('referral.list', {
        method: 'get',
        path: '/',
        tags,
        summary: 'Les prescriptions de mon organisation, les plus récentes d’abord',
        request: { query: FollowUpQuery },
        responses: { 200: json(FollowUpPage, 'Une page de prescriptions'), ...problems },
      }),
      async (c) => {
        const page = await listFollowUps(actorOf(c, prescriber), c.req.valid('query'));
        return c.json({ items: page.items, cursor: page.cursor }, 200);
      },
    )
    .openapi(
      guardedRoute('referral.get', {
        method: 'get',
        path: '/{id}',
        tags,
        summary: 'Le suivi d’une prescription : statut, dates, issue de l’accompagnement',
        request: { params: IdParam },
        responses: { 200: json(FollowUp, 'Suivi'), ...problems },
      }),
      async (c) => {
        const followUp = await getFollowUp(actorOf(c, prescriber), c.req.valid('param').id);
        c.header('ETag', etag(followUp.version));
        return c.json(followUp, 200);
      },
    )
    .openapi(
      guardedRoute('referral.withdraw', {
        method: 'post',
        path: '/{id}/withdraw',
        tags,
        summary: 'Retirer une prescription encore sans réponse',
        request: { params: IdParam, headers: IfMatchHeader },
        responses: { 200: json(FollowUp, 'Prescription retirée'), ...versionProblems },
      }),
      async (c) => {
        const followUp = await withdraw(
          actorOf(c, prescriber),
          c.req.valid('param').id,
          ifMatchVersion(c),
        );
        c.header('ETag', etag(followUp.version));
        return c.json(followUp, 200);
      },
    );
}
