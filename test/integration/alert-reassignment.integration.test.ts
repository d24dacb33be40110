import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../infra/local/demo-data.ts';
import { type Alert, alertItem } from '../../shared/alerts/alert.ts';
import { alertId } from '../../shared/alerts/alert-id.ts';
import type { SupportCase } from '../../shared/cases/case.ts';
import { dateIn } from '../../shared/common/dates.ts';
import { caseDeadlines, fallen } from '../../shared/deadlines/deadline-rules.ts';
import { defaultDeadlineSettings } from '../../shared/deadlines/deadline-settings.ts';
import { anApiWorld } from '../support/api-world.ts';

describe('reassigning a case', () => {
  it('hands its open alerts to the new référent', async () => {
    const world = await anApiWorld();
    const admin = await world.tokenFor(world.user(demoAccounts.reunionAdmin));
    const former = world.user('m.payet@kaz-emploi.test');
    const successor = world.user('j.hoarau@kaz-emploi.test');
    // A case of the former référent with a deadline that has fallen: its alert still holds.
    const fallenOf = (candidate: SupportCase) =>
      fallen(
        caseDeadlines(candidate, defaultDeadlineSettings),
        dateIn(candidate.timeZone, world.now()),
      );
    const supportCase = world.demo.cases.find(
      (candidate) =>
        candidate.referentId === former.id &&
        candidate.phase !== 'exited' &&
        fallenOf(candidate).length > 0,
    );
    const deadline = supportCase === undefined ? undefined : fallenOf(supportCase)[0];
    if (supportCase === undefined || deadline === undefined) {
      throw new Error('the demo has no case of this référent with a fallen deadline');
    }
    const subject = { type: 'case', id: supportCase.id } as const;
    const raised: Alert = {
      id: alertId({ subject, kind: deadline.kind, dueOn: deadline.dueOn }),
      tenantId: supportCase.tenantId,
      subject,
      kind: deadline.kind,
      dueOn: deadline.dueOn,
      raisedOn: dateIn(supportCase.timeZone, world.now()),
      raisedAt: world.now().toISOString(),
      timeZone: supportCase.timeZone,
      recipientId: former.id,
      status: 'open',
      label: 'Dossier de démonstration',
    };
    await world.adminDb.send(
      new PutCommand({ TableName: world.tableName, Item: alertItem(raised) }),
    );

    const answer = await world.call(admin, 'POST', `/api/v1/cases/${supportCase.id}/referent`, {
      body: { referentId: successor.id },
      headers: { 'if-match': `"${supportCase.version}"` },
    });
    expect(answer.status).toBe(200);

    const seesIt = async (token: string) =>
      (await (await world.call(token, 'GET', '/api/v1/alerts?scope=mine')).text()).includes(
        raised.id,
      );
    expect(await seesIt(await world.tokenFor(successor))).toBe(true);
    expect(await seesIt(await world.tokenFor(former))).toBe(false);
  });
});
