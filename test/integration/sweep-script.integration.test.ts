import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { caseItem } from '../../shared/cases/case.ts';
import { structureKey } from '../../shared/organisations/structure.ts';
import { aCase, fixtureIds } from '../support/builders.ts';
import { scriptRunner, waitForOutput } from '../support/processes.ts';
import { aFreshTable } from '../support/table.ts';

const { aDataFolder, run } = scriptRunner('appui-sweep-');

async function outputOf(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const started = run(script, args, env);
  const code = await started.exited;
  return { code, output: started.output() };
}

describe('npm run sweep', () => {
  it('sweeps the day it is given and says in French what it raised, per structure', async () => {
    const table = await aFreshTable();
    const silent = {
      ...aCase().signed('2027-01-01', '2027-12-31').build(),
      lastContactOn: '2027-02-15',
    };
    for (const item of [
      caseItem(silent),
      { ...structureKey(fixtureIds.tenantId), type: 'structure', name: 'Kaz Emploi' },
    ]) {
      await table.db.send(new PutCommand({ TableName: table.tableName, Item: item }));
    }

    const { code, output } = await outputOf('scripts/sweep.ts', ['--date', '2027-03-01'], {
      DYNAMODB_ENDPOINT: table.endpoint,
      TABLE_NAME: table.tableName,
    });

    expect(code).toBe(0);
    expect(output).toContain(`Base : DYNAMODB_ENDPOINT (${table.endpoint})`);
    expect(output).toContain('Balayage des échéances — lundi 1 mars 2027 (America/Cayenne,');
    expect(output).toContain('1 alerte levée');
    expect(output).toContain('  Kaz Emploi — 1 alerte :');
    expect(output).toContain('1 × Aucun contact depuis 14 jours');
    expect(output).not.toContain('Zéphirine');
  });

  it('refuses a date that is not one before starting anything', async () => {
    const { code, output } = await outputOf('scripts/sweep.ts', ['--date', '2027-02-30'], {
      APPUI_DATA_DIR: aDataFolder(),
    });

    expect(code).toBe(2);
    expect(output).toMatch(/^date : /m);
    expect(output).not.toContain('Base :');
  });

  it('says to run npm start first when there is no local table', async () => {
    const table = await aFreshTable();

    const { code, output } = await outputOf('scripts/sweep.ts', [], {
      DYNAMODB_ENDPOINT: table.endpoint,
      TABLE_NAME: 'appui-nowhere',
    });

    expect(code).toBe(1);
    expect(output).toContain('La table appui-nowhere n’existe pas : lancez « npm start » une fois');
  });
});

describe('the sweep of npm start', () => {
  it('runs at start, and npm run sweep uses the running stack’s DynamoDB Local', async () => {
    const dataDir = aDataFolder();
    const stack = run('infra/local/start.ts', [], {
      APPUI_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      DYNAMODB_ENDPOINT: '',
    });
    await waitForOutput(stack, 'Balayage des échéances');

    const sweep = await outputOf('scripts/sweep.ts', ['--time-zone', 'Indian/Reunion'], {
      APPUI_DATA_DIR: dataDir,
      DYNAMODB_ENDPOINT: '',
    });
    stack.child.kill('SIGTERM');

    expect(sweep.code).toBe(0);
    expect(sweep.output).toContain('Base : le DynamoDB Local de « npm start »');
    // The start-up run has just swept today: nothing is raised twice.
    expect(sweep.output).toContain('0 alerte levée');
    expect(stack.output()).toMatch(/\d+ alertes? levées?/);
    expect(await stack.exited).toBe(0);
  }, 180_000);
});
