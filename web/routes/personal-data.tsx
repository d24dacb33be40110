/**
 * The person's rights in the structure's area: `/structure/dossiers/:id/rectification` (the form
 * and the case's history) and `/structure/personnes/:id/export[.json]` (everything Appui holds
 * about the person, printable or as JSON, for a structure-admin). Each read is logged.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { actorOf, allow } from '../../shared/http/guards.ts';
import { makeExportPersonalData } from '../../shared/personal-data/export-personal-data.ts';
import { makeGetCaseHistory } from '../../shared/personal-data/get-case-history.ts';
import { rectificationInput } from '../../shared/personal-data/rectification.ts';
import { makeRectifyPerson } from '../../shared/personal-data/rectify-person.ts';
import type { StructureActor } from '../../shared/use-case.ts';
import { type PortalEnv, page, postedForm, seeOther, viewerOf } from '../area.tsx';
import { formState } from '../components/form.tsx';
import { personAndSituationOf } from '../components/person-fields.tsx';
import type { PortalDeps } from '../deps.ts';
import { type FormValues, formVersion } from '../forms.ts';
import { PersonalDataExportPage } from '../pages/structure/personal-data/export.tsx';
import {
  currentValues,
  RectificationPage,
} from '../pages/structure/personal-data/rectification.tsx';
import { submit } from '../submit.ts';
import { paramOf } from './prescriber.tsx';
import { adminRole, makeTeamOf, structureRoles } from './structure-access.ts';

/** The posted form as the API's body: an emptied contact detail is erased (`null`). */
function rectificationBody(values: FormValues): unknown {
  return { ...personAndSituationOf(values, 'erase'), reason: values.get('reason') };
}

/** `/structure/dossiers/:id/rectification` */
export function rectificationRoutes(deps: PortalDeps) {
  const history = makeGetCaseHistory(deps);
  const rectify = makeRectifyPerson(deps);
  const teamOf = makeTeamOf(deps);

  const formPage = async (
    c: Context<PortalEnv>,
    actor: StructureActor,
    id: string,
    refused?: { values: FormValues; errors: { name: string; reason: string }[] },
  ) => {
    const [read, team] = await Promise.all([history(actor, id), teamOf(c)]);
    return page(
      c,
      <RectificationPage
        viewer={viewerOf(c)}
        supportCase={read.supportCase}
        history={read.history}
        team={team}
        form={
          refused === undefined
            ? formState('rectification', currentValues(read.supportCase))
            : formState('rectification', refused.values, refused.errors)
        }
        saved={refused === undefined && c.req.query('enregistre') !== undefined}
      />,
      refused === undefined ? 200 : 422,
    );
  };

  return new Hono<PortalEnv>()
    .get('/:id/rectification', allow('case.history'), (c) =>
      formPage(c, actorOf(c, structureRoles), paramOf(c.req.param('id')).id),
    )
    .post('/:id/rectification', allow('case.rectify'), async (c) => {
      const actor = actorOf(c, structureRoles);
      const { id } = paramOf(c.req.param('id'));
      const values = postedForm(c);
      const version = formVersion(values);
      return submit({
        values,
        schema: rectificationInput,
        input: rectificationBody(values),
        run: (input) => rectify(actor, id, version, input),
        done: () => seeOther(c, `/structure/dossiers/${id}/rectification?enregistre`),
        refused: (errors) => formPage(c, actor, id, { values, errors }),
      });
    });
}

/** `/structure/personnes/:id/export` (printable page) and `/export.json` (download). */
export function exportRoutes(deps: PortalDeps) {
  const exportPersonalData = makeExportPersonalData(deps);
  const teamOf = makeTeamOf(deps);
  return new Hono<PortalEnv>()
    .get('/:id/export', allow('person.export'), async (c) => {
      const actor = actorOf(c, adminRole);
      const { id } = paramOf(c.req.param('id'));
      const [exported, team] = await Promise.all([exportPersonalData(actor, id), teamOf(c)]);
      return page(
        c,
        <PersonalDataExportPage viewer={viewerOf(c)} exported={exported} team={team} />,
      );
    })
    .get('/:id/export.json', allow('person.export'), async (c) => {
      const actor = actorOf(c, adminRole);
      const { id } = paramOf(c.req.param('id'));
      const exported = await exportPersonalData(actor, id);
      c.header('Content-Disposition', `attachment; filename="donnees-personnelles-${id}.json"`);
      c.header('Cache-Control', 'no-store');
      return c.body(JSON.stringify(exported, null, 2), 200, {
        'Content-Type': 'application/json; charset=utf-8',
      });
    });
}
