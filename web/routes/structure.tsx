/** The structure's area: `/structure` — caseload, inbox, alerts, team; the case file under `/dossiers`. */

import type { Context } from 'hono';
import { makeAcknowledgeAlert } from '../../shared/alerts/acknowledge-alert.ts';
import { makeListAlerts } from '../../shared/alerts/list-alerts.ts';
import { makeListCaseload } from '../../shared/cases/file/list-caseload.ts';
import { CaseQuery } from '../../shared/cases/schemas.ts';
import { dateIn } from '../../shared/common/dates.ts';
import { ConflictError, NotFoundError } from '../../shared/errors.ts';
import { actorOf, allow } from '../../shared/http/guards.ts';
import { invitationInput, makeInviteUser } from '../../shared/identity/invite-user.ts';
import { makeListTeam } from '../../shared/identity/list-team.ts';
import { casePhases } from '../../shared/measure/vocabulary.ts';
import { makeAcceptReferral } from '../../shared/referrals/accept-referral.ts';
import { makeDeclineReferral } from '../../shared/referrals/decline-referral.ts';
import { makeGetInboxReferral } from '../../shared/referrals/get-inbox-referral.ts';
import { makeListInbox } from '../../shared/referrals/list-inbox.ts';
import { AcceptInput, DeclineInput, InboxQuery } from '../../shared/referrals/schemas.ts';
import { area, type PortalEnv, page, postedForm, seeOther, viewerOf } from '../area.tsx';
import { formState } from '../components/form.tsx';
import type { PortalDeps } from '../deps.ts';
import { type FormValues, formVersion } from '../forms.ts';
import { InboxPage, InboxReferralPage } from '../pages/structure/inbox.tsx';
import { AlertsPage, CaseloadPage, TeamPage } from '../pages/structure/lists.tsx';
import { referentOptions } from '../pages/structure/names.ts';
import { nextPageLink, queryOf } from '../query.ts';
import { submit } from '../submit.ts';
import { caseFileRoutes } from './case-file.tsx';
import { exportRoutes, rectificationRoutes } from './personal-data.tsx';
import { paramOf } from './prescriber.tsx';
import { adminRole, makeTeamOf, structureRoles } from './structure-access.ts';

const alertIdPattern = /^[A-Za-z0-9_-]{1,400}$/;

export function structureArea(deps: PortalDeps) {
  const caseload = makeListCaseload(deps);
  const listAlerts = makeListAlerts(deps);
  const acknowledge = makeAcknowledgeAlert(deps);
  const listInbox = makeListInbox(deps);
  const getReferral = makeGetInboxReferral(deps);
  const accept = makeAcceptReferral(deps);
  const decline = makeDeclineReferral(deps);
  const listTeam = makeListTeam(deps);
  const invite = makeInviteUser(deps, deps.provisioner, deps.mailer);
  const teamOf = makeTeamOf(deps);

  const referralPage = async (
    c: Context<PortalEnv>,
    id: string,
    refused?: {
      form: 'accepter' | 'refuser';
      values: FormValues;
      errors: { name: string; reason: string }[];
    },
  ) => {
    const actor = actorOf(c, structureRoles);
    const [referral, team] = await Promise.all([getReferral(actor, id), teamOf(c)]);
    const viewer = viewerOf(c);
    const stateOf = (form: 'accepter' | 'refuser') =>
      refused?.form === form ? formState(form, refused.values, refused.errors) : formState(form);
    return page(
      c,
      <InboxReferralPage
        viewer={viewer}
        referral={referral}
        referents={referentOptions(viewer, team)}
        accept={stateOf('accepter')}
        decline={stateOf('refuser')}
      />,
      refused === undefined ? 200 : 422,
    );
  };

  const teamPage = async (
    c: Context<PortalEnv>,
    values?: FormValues,
    errors: { name: string; reason: string }[] = [],
  ) => {
    const team = await listTeam(actorOf(c, adminRole));
    return page(
      c,
      <TeamPage
        viewer={viewerOf(c)}
        team={team}
        invite={formState('inviter', values, errors)}
        invited={c.req.query('invite') !== undefined}
      />,
      errors.length === 0 ? 200 : 422,
    );
  };

  return area(deps)
    .get('/', allow('case.list'), async (c) => {
      const actor = actorOf(c, structureRoles);
      const query = queryOf(c, CaseQuery);
      const [cases, alerts, team] = await Promise.all([
        caseload(actor, query),
        listAlerts(actor, {
          scope: actor.role === 'structure-admin' ? 'structure' : 'mine',
          status: 'open',
          limit: 100,
        }),
        teamOf(c),
      ]);
      // The page's cases in the order of the support: intake, period 1, period 2, exited.
      const order = casePhases.codes;
      const sorted = [...cases.items].sort(
        (a, b) => order.indexOf(a.phase) - order.indexOf(b.phase),
      );
      const rows = sorted.map((supportCase) => ({
        supportCase,
        alerts: alerts.items.filter(
          (alert) => alert.subject.type === 'case' && alert.subject.id === supportCase.id,
        ),
        today: dateIn(supportCase.timeZone, deps.now()),
      }));
      return page(
        c,
        <CaseloadPage
          viewer={viewerOf(c)}
          rows={rows}
          team={team}
          filter={{
            phase: query.phase ?? '',
            referentId: query.referentId ?? '',
            dueWithinDays: query.dueWithinDays === undefined ? '' : String(query.dueWithinDays),
          }}
          next={nextPageLink(c, cases.cursor)}
          openAlerts={alerts.items.length}
        />,
      );
    })
    .get('/prescriptions', allow('inbox.list'), async (c) => {
      const actor = actorOf(c, structureRoles);
      const { status, limit, cursor } = queryOf(c, InboxQuery);
      const result = await listInbox(actor, status, limit, cursor);
      return page(
        c,
        <InboxPage
          viewer={viewerOf(c)}
          referrals={result.items}
          status={status}
          next={nextPageLink(c, result.cursor)}
        />,
      );
    })
    .get('/prescriptions/:id', allow('inbox.get'), (c) =>
      referralPage(c, paramOf(c.req.param('id')).id),
    )
    .post('/prescriptions/:id/acceptation', allow('inbox.accept'), async (c) => {
      const actor = actorOf(c, structureRoles);
      const { id } = paramOf(c.req.param('id'));
      const values = postedForm(c);
      const version = formVersion(values);
      return submit({
        values,
        schema: AcceptInput,
        input: { referentId: values.get('referentId') },
        run: (input) => accept(actor, id, version, input.referentId),
        done: (result) => seeOther(c, `/structure/dossiers/${result.caseId}?enregistre=ouvert`),
        refused: (errors) => referralPage(c, id, { form: 'accepter', values, errors }),
      });
    })
    .post('/prescriptions/:id/refus', allow('inbox.decline'), async (c) => {
      const actor = actorOf(c, structureRoles);
      const { id } = paramOf(c.req.param('id'));
      const values = postedForm(c);
      const version = formVersion(values);
      return submit({
        values,
        schema: DeclineInput,
        input: {
          reason: values.get('reason') === '' ? undefined : values.get('reason'),
          text: values.get('text'),
        },
        run: (input) => decline(actor, id, version, input),
        done: () => seeOther(c, `/structure/prescriptions/${id}`),
        refused: (errors) => referralPage(c, id, { form: 'refuser', values, errors }),
      });
    })
    .get('/alertes', allow('alert.list'), async (c) => {
      const actor = actorOf(c, structureRoles);
      const scope = c.req.query('scope') === 'structure' ? 'structure' : 'mine';
      const alerts = await listAlerts(actor, { scope, status: 'open', limit: 100 });
      return page(c, <AlertsPage viewer={viewerOf(c)} alerts={alerts.items} scope={scope} />);
    })
    .post('/alertes/:id/prise-en-compte', allow('alert.acknowledge'), async (c) => {
      const id = c.req.param('id');
      if (!alertIdPattern.test(id)) throw new NotFoundError('Alerte introuvable.');
      await acknowledge(actorOf(c, structureRoles), id);
      return seeOther(c, '/structure/alertes');
    })
    .get('/equipe', allow('team.list'), (c) => teamPage(c))
    .post('/equipe', allow('team.invite'), async (c) => {
      const actor = actorOf(c, adminRole);
      const values = postedForm(c);
      try {
        return await submit({
          values,
          schema: invitationInput,
          input: {
            firstName: values.get('firstName'),
            lastName: values.get('lastName'),
            email: values.get('email'),
            role: values.get('role') === '' ? undefined : values.get('role'),
          },
          run: (input) => invite(actor, input),
          done: () => seeOther(c, '/structure/equipe?invite'),
          refused: (errors) => teamPage(c, values, errors),
        });
      } catch (error: unknown) {
        // The one conflict an invitation meets is an address already taken: said beside the field.
        if (error instanceof ConflictError) {
          return teamPage(c, values, [{ name: 'email', reason: error.message }]);
        }
        throw error;
      }
    })
    .route('/dossiers', rectificationRoutes(deps))
    .route('/dossiers', caseFileRoutes(deps))
    .route('/personnes', exportRoutes(deps));
}
