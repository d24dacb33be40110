/**
 * The person's identity and situation as a form asks for them: the prescriber's referral form and
 * the structure's rectification form draw the same fields, under the same names as the API's
 * body, and shape them into it the same way.
 */

import { genders, minimumIncomes } from '../../shared/measure/vocabulary.ts';
import { rectifiableFieldLabels } from '../../shared/personal-data/rectification.ts';
import { calendarDate, type FormValues, optionalText, yesNo } from '../forms.ts';
import { ChoiceGroup, type FormState, SelectField, TextField } from './form.tsx';

/** The labels of the person's fields, by their name in the form (and the API's body). */
export const personFieldLabels = rectifiableFieldLabels;

/** The fieldset « La personne ». `contactHint` goes under the phone and e-mail fields. */
export function PersonFieldset({
  form,
  contactHint,
}: {
  form: FormState;
  contactHint?: { phone: string; email: string };
}) {
  const labels = personFieldLabels;
  const text = (name: 'person.firstName' | 'person.lastName' | 'person.city') => (
    <TextField form={form} name={name} label={labels[name]} required autocomplete="off" />
  );
  return (
    <fieldset class="group">
      <legend>La personne</legend>
      {text('person.firstName')}
      {text('person.lastName')}
      <TextField
        form={form}
        name="person.birthDate"
        label={labels['person.birthDate']}
        type="date"
        hint="Au format JJ/MM/AAAA, par exemple 22/11/1985."
        size="medium"
        required
      />
      <ChoiceGroup
        form={form}
        name="person.gender"
        legend={labels['person.gender']}
        type="radio"
        inline
        options={genders.labels}
        required
      />
      <TextField
        form={form}
        name="person.phone"
        label={labels['person.phone']}
        type="tel"
        size="medium"
        hint={contactHint?.phone}
        autocomplete="off"
      />
      <TextField
        form={form}
        name="person.email"
        label={labels['person.email']}
        type="email"
        hint={contactHint?.email}
        autocomplete="off"
      />
      <TextField
        form={form}
        name="person.postalCode"
        label={labels['person.postalCode']}
        inputmode="numeric"
        size="short"
        required
        autocomplete="off"
      />
      {text('person.city')}
    </fieldset>
  );
}

/** The minimum income and the France Travail registration, inside the form's own fieldset. */
export function SituationFields({ form }: { form: FormState }) {
  const labels = personFieldLabels;
  return (
    <>
      <SelectField
        form={form}
        name="situation.minimumIncome"
        label={labels['situation.minimumIncome']}
        placeholder="Choisir"
        options={minimumIncomes.labels}
        required
      />
      <ChoiceGroup
        form={form}
        name="situation.registeredWithFranceTravail"
        legend={`${labels['situation.registeredWithFranceTravail']} ?`}
        type="radio"
        inline
        options={[
          ['oui', 'Oui'],
          ['non', 'Non'],
        ]}
        required
      />
    </>
  );
}

/**
 * The posted person and situation as the API's body. An empty phone or e-mail is absent from a
 * referral (`emptyContact: 'absent'`) and erased by a rectification (`'erase'`: `null`).
 */
export function personAndSituationOf(
  values: FormValues,
  emptyContact: 'absent' | 'erase',
): { person: Record<string, unknown>; situation: Record<string, unknown> } {
  const chosen = (name: string) => (values.get(name) === '' ? undefined : values.get(name));
  const contact = (name: string) =>
    optionalText(values, name) ?? (emptyContact === 'erase' ? null : undefined);
  return {
    person: {
      firstName: values.get('person.firstName'),
      lastName: values.get('person.lastName'),
      birthDate: calendarDate(values, 'person.birthDate'),
      gender: chosen('person.gender'),
      phone: contact('person.phone'),
      email: contact('person.email'),
      postalCode: values.get('person.postalCode').trim(),
      city: values.get('person.city'),
    },
    situation: {
      minimumIncome: chosen('situation.minimumIncome'),
      registeredWithFranceTravail: yesNo(values, 'situation.registeredWithFranceTravail'),
    },
  };
}
