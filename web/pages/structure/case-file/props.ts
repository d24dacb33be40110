/** What the case file's page and its sections are given. */

import type { CaseFile } from '../../../../shared/cases/case-store.ts';
import type { InvalidField } from '../../../../shared/errors.ts';
import type { TeamMember } from '../../../../shared/identity/team-member.ts';
import type { FormState } from '../../../components/form.tsx';
import type { FormValues } from '../../../forms.ts';
import type { Viewer } from '../../../viewer.ts';

/** The case file's forms, by id: also the fragment of their section and their route's last segment. */
export type CaseForm =
  | 'diagnostic'
  | 'contrat'
  | 'journal'
  | 'rendez-vous'
  | 'presence'
  | 'renouvellement'
  | 'decision'
  | 'sortie'
  | 'referent';

/** A form of the page drawn again with what was refused. */
export interface RefusedForm {
  form: CaseForm;
  /** Which appointment, for an attendance form. */
  appointmentId?: string | undefined;
  values: FormValues;
  errors: InvalidField[];
}

export interface CaseFilePageProps {
  viewer: Viewer;
  file: CaseFile;
  /** The team, for a structure-admin (names, reassignment); a référent sees "Vous". */
  team: readonly TeamMember[] | undefined;
  /** Today in the structure's time zone. */
  today: string;
  refused?: RefusedForm | undefined;
  /** What was just saved, to say so. */
  saved?: string | undefined;
}

/** A section with one form: its state and where it posts. */
export type SectionProps = CaseFilePageProps & { form: FormState; action: string };
