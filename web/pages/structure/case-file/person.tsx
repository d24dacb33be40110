/** The person: who they are and their situation, with the ways to rectify or export their data. */

import { genders, minimumIncomes } from '../../../../shared/measure/vocabulary.ts';
import { Facts } from '../../../components/table.tsx';
import { ageOn, formatDate } from '../../../format.ts';
import type { CaseFilePageProps } from './props.ts';

export function PersonSection({ viewer, file, today }: CaseFilePageProps) {
  const supportCase = file.supportCase;
  const { person } = supportCase;
  return (
    <section aria-labelledby="personne-titre" id="personne">
      <h2 id="personne-titre">La personne</h2>
      <Facts
        items={[
          [
            'Date de naissance',
            `${formatDate(person.birthDate)} (${ageOn(person.birthDate, today)} ans)`,
          ],
          ['Genre', genders.labels[person.gender]],
          ['Téléphone', person.phone ?? '—'],
          ['Adresse électronique', person.email ?? '—'],
          ['Commune', `${person.city} (${person.postalCode})`],
          ['Minimum social', minimumIncomes.labels[supportCase.situation.minimumIncome]],
          [
            'Inscrite à France Travail',
            supportCase.situation.registeredWithFranceTravail ? 'Oui' : 'Non',
          ],
        ]}
      />
      <ul class="plain">
        <li>
          <a href={`/structure/dossiers/${supportCase.id}/rectification`}>
            Rectifier ces données et voir l’historique des rectifications
          </a>
        </li>
        {viewer.principal.role === 'structure-admin' && (
          <li>
            <a href={`/structure/personnes/${supportCase.id}/export`}>
              Exporter toutes les données de la personne (droit d’accès)
            </a>
          </li>
        )}
      </ul>
    </section>
  );
}
