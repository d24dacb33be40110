/**
 * The case file as one page: the person, the diagnostic of barriers, the contract, the journal
 * (its quick entry form first), the appointments, the renewal, the exit and, for the
 * structure-admin, the reassignment and the access log. Every form carries the case's version.
 * Each section is drawn by the file of its name beside this one.
 */

import * as rules from '../../../../shared/cases/case-rules.ts';
import { alertKinds } from '../../../../shared/deadlines/deadline-rules.ts';
import { type FormState, formState } from '../../../components/form.tsx';
import { Badge, Facts } from '../../../components/table.tsx';
import { formatDate } from '../../../format.ts';
import { FormValues } from '../../../forms.ts';
import { Layout } from '../../../layout.tsx';
import { PhaseBadge } from '../badges.tsx';
import { memberName } from '../names.ts';
import { AppointmentsSection } from './appointments.tsx';
import { ContractSection } from './contract.tsx';
import { DiagnosticSection } from './diagnostic.tsx';
import { ExitSection } from './exit.tsx';
import { JournalSection } from './journal.tsx';
import { PersonSection } from './person.tsx';
import type { CaseFilePageProps, CaseForm } from './props.ts';
import { ReferentSection } from './referent.tsx';
import { RenewalSection } from './renewal.tsx';

const savedMessages: Record<string, string> = {
  ouvert: 'La prescription est acceptée : le dossier est ouvert.',
  diagnostic: 'Le diagnostic est enregistré.',
  contrat: 'Le contrat est signé : la première période de six mois commence.',
  journal: 'L’entrée est ajoutée au journal.',
  'rendez-vous': 'Le rendez-vous est planifié.',
  presence: 'La présence est notée.',
  renouvellement: 'La demande de renouvellement est envoyée à la direction.',
  decision: 'La décision de renouvellement est enregistrée.',
  sortie: 'La sortie est enregistrée : le dossier est clos.',
  referent: 'Le dossier est confié à son nouveau référent.',
};

export function CaseFilePage(props: CaseFilePageProps) {
  const { viewer, file, team, today, refused } = props;
  const supportCase = file.supportCase;
  const { person } = supportCase;
  const name = `${person.firstName} ${person.lastName}`;
  const admin = viewer.principal.role === 'structure-admin';
  const action = (segment: string) => `/structure/dossiers/${supportCase.id}/${segment}`;
  const state = (id: CaseForm, defaults: Record<string, string> = {}): FormState =>
    refused?.form === id && refused.form !== 'presence'
      ? formState(id, refused.values, refused.errors)
      : formState(id, FormValues.initial(defaults));
  const savedMessage = props.saved === undefined ? undefined : savedMessages[props.saved];
  const openAlerts = file.alerts.filter((alert) => alert.status !== 'resolved');

  return (
    <Layout title={`${refused === undefined ? '' : 'Erreur – '}Dossier de ${name}`} viewer={viewer}>
      <p class="breadcrumb">
        <a href="/structure">{admin ? 'Dossiers' : 'Mes dossiers'}</a>
      </p>
      <h1>Dossier de {name}</h1>
      {savedMessage !== undefined && (
        <p class="notice success" role="status">
          {savedMessage}
        </p>
      )}
      <Facts
        items={[
          ['Phase', <PhaseBadge phase={supportCase.phase} />],
          ['Référent unique', memberName(viewer, team, supportCase.referentId)],
          ['Accepté le', formatDate(rules.acceptedOn(supportCase))],
          ['Dernier contact', formatDate(supportCase.lastContactOn)],
          ['Fin de la période en cours', formatDate(rules.supportEndsOn(supportCase))],
        ]}
      />
      {openAlerts.length > 0 && (
        <section aria-labelledby="alertes-dossier" class="notice">
          <h2 id="alertes-dossier">Alertes ouvertes</h2>
          <ul>
            {openAlerts.map((alert) => (
              <li>
                <Badge tone="danger">{alertKinds[alert.kind]}</Badge> — échéance du{' '}
                {formatDate(alert.dueOn)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <nav aria-labelledby="sommaire-dossier">
        <h2 id="sommaire-dossier" class="visually-hidden">
          Sommaire du dossier
        </h2>
        <ul class="page-nav plain">
          <li>
            <a href="#personne">Personne</a>
          </li>
          <li>
            <a href="#freins">Diagnostic</a>
          </li>
          <li>
            <a href="#contrat">Contrat</a>
          </li>
          <li>
            <a href="#journal">Journal</a>
          </li>
          <li>
            <a href="#rendez-vous">Rendez-vous</a>
          </li>
          <li>
            <a href="#renouvellement">Renouvellement</a>
          </li>
          <li>
            <a href="#sortie">Sortie</a>
          </li>
          {admin && (
            <li>
              <a href={action('acces')}>Journal des accès</a>
            </li>
          )}
        </ul>
      </nav>

      <PersonSection {...props} />

      <DiagnosticSection
        {...props}
        form={state('diagnostic', { scoredOn: today })}
        action={action('diagnostic')}
      />
      <ContractSection
        {...props}
        form={state('contrat', { signedOn: today })}
        action={action('contrat')}
      />
      <JournalSection
        {...props}
        form={state('journal', { date: today, kind: 'interview' })}
        action={action('journal')}
      />
      <AppointmentsSection
        {...props}
        form={state('rendez-vous', { at: today })}
        action={action('rendez-vous')}
      />
      <RenewalSection
        {...props}
        request={state('renouvellement')}
        decision={state('decision')}
        requestAction={action('renouvellement')}
        decisionAction={action('renouvellement/decision')}
      />
      <ExitSection {...props} form={state('sortie', { date: today })} action={action('sortie')} />
      <ReferentSection {...props} form={state('referent')} action={action('referent')} />
    </Layout>
  );
}
