/** The journal of contacts: its quick entry form first, then the entries, the latest first. */

import type { JournalEntry } from '../../../../shared/cases/journal/journal-entry.ts';
import {
  barrierDomains,
  contactKinds,
  partners,
  supportActions,
} from '../../../../shared/measure/vocabulary.ts';
import {
  ChoiceGroup,
  type FieldLabels,
  PostForm,
  SelectField,
  TextArea,
  TextField,
} from '../../../components/form.tsx';
import { Facts } from '../../../components/table.tsx';
import { formatDate, formatMinutes } from '../../../format.ts';
import { memberName } from '../names.ts';
import type { SectionProps } from './props.ts';

export const journalLabels = {
  kind: 'Type de contact',
  date: 'Date',
  durationMinutes: 'Durée en minutes',
  topics: 'Sujets abordés',
  actions: 'Actions menées',
  partners: 'Partenaires mobilisés',
  summary: 'Résumé',
  privateNote: 'Note privée',
} as const satisfies FieldLabels;

export function JournalSection({ viewer, file, team, form, action }: SectionProps) {
  const entries = [...file.journal].sort((a, b) =>
    a.date < b.date ? 1 : a.date > b.date ? -1 : b.id.localeCompare(a.id),
  );
  const exited = file.supportCase.phase === 'exited';
  return (
    <section aria-labelledby="journal-titre" id="journal">
      <h2 id="journal-titre">Journal des contacts</h2>
      {!exited && (
        <PostForm
          form={form}
          action={action}
          csrf={viewer.csrf}
          labels={journalLabels}
          version={file.supportCase.version}
          submit="Ajouter au journal"
        >
          <div class="columns">
            <SelectField
              form={form}
              name="kind"
              label={journalLabels.kind}
              options={contactKinds.labels}
              required
            />
            <TextField form={form} name="date" label={journalLabels.date} type="date" required />
            <TextField
              form={form}
              name="durationMinutes"
              label={journalLabels.durationMinutes}
              type="number"
              inputmode="numeric"
              min="1"
              max="600"
              required
            />
          </div>
          <div class="choices-columns">
            <ChoiceGroup
              form={form}
              name="topics"
              legend={journalLabels.topics}
              type="checkbox"
              options={barrierDomains.labels}
            />
          </div>
          <div class="columns">
            <ChoiceGroup
              form={form}
              name="actions"
              legend={journalLabels.actions}
              type="checkbox"
              options={supportActions.labels}
            />
            <ChoiceGroup
              form={form}
              name="partners"
              legend={journalLabels.partners}
              type="checkbox"
              options={partners.labels}
            />
          </div>
          <TextArea
            form={form}
            name="summary"
            label={journalLabels.summary}
            hint="Partagé avec l’équipe de la structure."
            rows={3}
            required
          />
          <TextArea
            form={form}
            name="privateNote"
            label={journalLabels.privateNote}
            hint="Visible de vous seul."
            rows={2}
          />
        </PostForm>
      )}
      {entries.length === 0 ? (
        <p class="empty">Aucun contact noté.</p>
      ) : (
        <ol class="plain">
          {entries.map((entry) => (
            <JournalItem entry={entry} author={memberName(viewer, team, entry.authorId)} />
          ))}
        </ol>
      )}
    </section>
  );
}

function JournalItem({ entry, author }: { entry: JournalEntry; author: string }) {
  const listed = (labels: Record<string, string>, codes: readonly string[]) =>
    codes.length === 0 ? '—' : codes.map((code) => labels[code] ?? code).join(', ');
  return (
    <li class="journal-entry">
      <h3 class="entry-title">
        {formatDate(entry.date)} – {contactKinds.labels[entry.kind]} (
        {formatMinutes(entry.durationMinutes)})
      </h3>
      <p class="muted">Par {author}</p>
      <p class="text-block">{entry.summary}</p>
      <Facts
        items={[
          ['Sujets', listed(barrierDomains.labels, entry.topics)],
          ['Actions', listed(supportActions.labels, entry.actions)],
          ['Partenaires', listed(partners.labels, entry.partners)],
        ]}
      />
      {entry.privateNote !== undefined && (
        <p class="private-note">
          <strong>Note privée :</strong> <span class="text-block">{entry.privateNote}</span>
        </p>
      )}
    </li>
  );
}
