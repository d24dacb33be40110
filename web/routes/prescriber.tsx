/** The prescriber's area: `/prescripteur`. Every page calls the use case the API calls. */
import { randomUUID } from 'node:crypto';
import { IdempotencyHeader, IdParam } from '../../shared/common/schemas.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { actorOf, allow } from '../../shared/http/guards.ts';
import { isRegionCode, regions } from '../../shared/measure/territory.ts';
import { makeFileReferral } from '../../shared/referrals/file-referral.ts';
import { makeGetFollowUp } from '../../shared/referrals/get-follow-up.ts';
import { makeListDirectory } from '../../shared/referrals/list-directory.ts';
import { makeListFollowUps } from '../../shared/referrals/list-follow-ups.ts';
import { FollowUpQuery, ReferralInput } from '../../shared/referrals/schemas.ts';
import { makeWithdrawReferral } from '../../shared/referrals/withdraw-referral.ts';
import type { PrescriberActor } from '../../shared/use-case.ts';
import { area, page, postedForm, seeOther, viewerOf } from '../area.tsx';
import { formState } from '../components/form.tsx';
import { personAndSituationOf } from '../components/person-fields.tsx';
import type { PortalDeps } from '../deps.ts';
import { FormValues, formVersion } from '../forms.ts';
import {
  DirectoryPage,
  FollowUpPage,
  FollowUpsPage,
  ReferralFormPage,
} from '../pages/prescriber/pages.tsx';
import { nextPageLink, queryOf } from '../query.ts';
import { submit } from '../submit.ts';

const prescriber = ['prescriber'] as const;

/** A prescriber's dates are shown in the time zone of its region. */
function timeZoneOf(actor: PrescriberActor): string {
  return isRegionCode(actor.region) ? regions[actor.region].timeZone : 'Europe/Paris';
}

/** The referral form's fields, shaped as the API's JSON body. */
function referralInput(values: FormValues): unknown {
  const chosen = (name: string) => (values.get(name) === '' ? undefined : values.get(name));
  return {
    structureId: values.get('structureId'),
    ...personAndSituationOf(values, 'absent'),
    barriers: values.all('barriers'),
    specificPublics: values.all('specificPublics'),
    context: chosen('context'),
    reason: values.get('reason'),
    consent: values.get('consent') === 'oui',
  };
}

const idempotencyKey = IdempotencyHeader.shape['idempotency-key'];

export function prescriberArea(deps: PortalDeps) {
  const listDirectory = makeListDirectory(deps);
  const fileReferral = makeFileReferral(deps);
  const listFollowUps = makeListFollowUps(deps);
  const getFollowUp = makeGetFollowUp(deps);
  const withdraw = makeWithdrawReferral(deps);

  return area(deps)
    .get('/', allow('referral.list'), async (c) => {
      const actor = actorOf(c, prescriber);
      const query = queryOf(c, FollowUpQuery);
      const result = await listFollowUps(actor, query);
      return page(
        c,
        <FollowUpsPage
          viewer={viewerOf(c)}
          followUps={result.items}
          status={query.status ?? ''}
          next={nextPageLink(c, result.cursor)}
          timeZone={timeZoneOf(actor)}
        />,
      );
    })
    .get('/structures', allow('directory.list'), async (c) => {
      const structures = await listDirectory(actorOf(c, prescriber));
      return page(c, <DirectoryPage viewer={viewerOf(c)} structures={structures} />);
    })
    .get('/prescriptions/nouvelle', allow('referral.file'), async (c) => {
      const structures = await listDirectory(actorOf(c, prescriber));
      const values = FormValues.initial({ structureId: c.req.query('structure') ?? '' });
      return page(
        c,
        <ReferralFormPage
          viewer={viewerOf(c)}
          structures={structures}
          form={formState('prescription', values)}
          idempotencyKey={randomUUID()}
        />,
      );
    })
    .post('/prescriptions', allow('referral.file'), async (c) => {
      const actor = actorOf(c, prescriber);
      const values = postedForm(c);
      const key = idempotencyKey.safeParse(values.get('idempotencyKey'));
      return submit({
        values,
        schema: ReferralInput,
        input: referralInput(values),
        run: (input) => fileReferral(actor, input, key.success ? key.data : undefined),
        done: ({ followUp }) => seeOther(c, `/prescripteur/prescriptions/${followUp.id}?envoyee`),
        refused: async (errors) =>
          page(
            c,
            <ReferralFormPage
              viewer={viewerOf(c)}
              structures={await listDirectory(actor)}
              form={formState('prescription', values, errors)}
              idempotencyKey={key.success && key.data !== undefined ? key.data : randomUUID()}
            />,
            422,
          ),
      });
    })
    .get('/prescriptions/:id', allow('referral.get'), async (c) => {
      const actor = actorOf(c, prescriber);
      const { id } = paramOf(c.req.param('id'));
      const followUp = await getFollowUp(actor, id);
      return page(
        c,
        <FollowUpPage
          viewer={viewerOf(c)}
          followUp={followUp}
          timeZone={timeZoneOf(actor)}
          justFiled={c.req.query('envoyee') !== undefined}
        />,
      );
    })
    .post('/prescriptions/:id/retrait', allow('referral.withdraw'), async (c) => {
      const actor = actorOf(c, prescriber);
      const { id } = paramOf(c.req.param('id'));
      await withdraw(actor, id, formVersion(postedForm(c)));
      return seeOther(c, `/prescripteur/prescriptions/${id}`);
    });
}

/** A path id that is not one names nothing: 404, as the API answers for an unknown id. */
export function paramOf(id: string): { id: string } {
  const parsed = IdParam.safeParse({ id });
  if (!parsed.success) throw new NotFoundError('Introuvable.');
  return parsed.data;
}
