/**
 * The portal's form kit: a POST form with its hidden fields (CSRF token, version read,
 * idempotency key), an error summary at its top linked to the fields, and fields that each carry
 * their label, hint and error, keep what the user typed, and say when they are invalid.
 */
import type { Child } from 'hono/jsx';
import type { InvalidField } from '../../shared/errors.ts';
import { FormValues } from '../forms.ts';

/** One form on a page: its id (the prefix of its fields' ids), what it shows, what was refused. */
export interface FormState {
  id: string;
  values: FormValues;
  errors: readonly InvalidField[];
}

/** A form drawn afresh (`values` are its defaults) or drawn again after a refusal. */
export function formState(
  id: string,
  values: FormValues = new FormValues(),
  errors: readonly InvalidField[] = [],
): FormState {
  return { id, values, errors };
}

/** The id of a field: unique on the page, valid in a URL fragment and a CSS selector. */
export function fieldId(form: FormState, name: string): string {
  return `${form.id}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The reason a field was refused (its own name, or one of its items: `objectives.0`). */
function errorOf(form: FormState, name: string): string | undefined {
  return form.errors.find((error) => error.name === name || error.name.startsWith(`${name}.`))
    ?.reason;
}

/** The field an error names, among the form's labelled fields: the longest matching name. */
function labelledField(labels: Record<string, string>, name: string): string | undefined {
  return Object.keys(labels)
    .filter((field) => name === field || name.startsWith(`${field}.`))
    .sort((a, b) => b.length - a.length)[0];
}

/** Labels by field name, for the error summary to name each field as the form does. */
export type FieldLabels = Record<string, string>;

/** The list of what was refused, at the top of the form, each item a link to its field. */
export function ErrorSummary({ form, labels }: { form: FormState; labels: FieldLabels }) {
  if (form.errors.length === 0) return null;
  const count = form.errors.length;
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby={`${form.id}-erreurs-titre`}
      tabindex={-1}
      id={`${form.id}-erreurs`}
      data-error-summary=""
    >
      <h3 id={`${form.id}-erreurs-titre`}>
        {count === 1
          ? 'Le formulaire n’a pas été enregistré : un champ est à corriger'
          : `Le formulaire n’a pas été enregistré : ${count} champs sont à corriger`}
      </h3>
      <ul>
        {form.errors.map((error) => {
          const field = labelledField(labels, error.name);
          return (
            <li>
              {field === undefined ? (
                error.reason
              ) : (
                <a href={`#${fieldId(form, field)}`}>
                  {labels[field]} : {error.reason}
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export interface PostFormProps {
  form: FormState;
  action: string;
  /** The session's CSRF token. */
  csrf: string;
  labels: FieldLabels;
  submit: string;
  /** The version of the record the form changes (the portal's If-Match). */
  version?: number | undefined;
  /** A key for a create, so that posting twice creates once. */
  idempotencyKey?: string | undefined;
  /** A secondary-looking button (a destructive or less common action). */
  secondary?: boolean;
  children?: Child;
}

/** A form that works without JavaScript: POST, then a redirect (or the form again, with its errors). */
export function PostForm(props: PostFormProps) {
  const { form } = props;
  return (
    <form method="post" action={props.action} novalidate id={`${form.id}-formulaire`} class="form">
      <ErrorSummary form={form} labels={props.labels} />
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.version !== undefined && (
        <input type="hidden" name="version" value={String(props.version)} />
      )}
      {props.idempotencyKey !== undefined && (
        <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
      )}
      {props.children}
      <p class="actions">
        <button type="submit" class={props.secondary === true ? 'button secondary' : 'button'}>
          {props.submit}
        </button>
      </p>
    </form>
  );
}

interface FieldProps {
  form: FormState;
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  /** Say "(facultatif)" after the label of a field that is not required (true by default). */
  optionalMark?: boolean;
}

function describedBy(form: FormState, name: string, hint: string | undefined) {
  const id = fieldId(form, name);
  const ids = [
    hint === undefined ? '' : `${id}-aide`,
    errorOf(form, name) === undefined ? '' : `${id}-erreur`,
  ]
    .filter((part) => part !== '')
    .join(' ');
  return ids === '' ? undefined : ids;
}

function FieldMessages({
  form,
  name,
  hint,
}: {
  form: FormState;
  name: string;
  hint?: string | undefined;
}) {
  const id = fieldId(form, name);
  const error = errorOf(form, name);
  return (
    <>
      {hint !== undefined && (
        <p class="hint" id={`${id}-aide`}>
          {hint}
        </p>
      )}
      {error !== undefined && (
        <p class="field-error" id={`${id}-erreur`}>
          <span class="visually-hidden">Erreur : </span>
          {error}
        </p>
      )}
    </>
  );
}

function optionalSuffix({ required, optionalMark }: Pick<FieldProps, 'required' | 'optionalMark'>) {
  return required === true || optionalMark === false ? '' : ' (facultatif)';
}

function Label(props: FieldProps) {
  return (
    <label for={fieldId(props.form, props.name)}>
      {props.label}
      {optionalSuffix(props)}
    </label>
  );
}

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'tel' | 'date' | 'time' | 'number';
    autocomplete?: string;
    inputmode?: 'numeric' | 'text' | 'tel' | 'email';
    size?: 'short' | 'medium';
    min?: string;
    max?: string;
  },
) {
  const { form, name } = props;
  const invalid = errorOf(form, name) !== undefined;
  return (
    <div class={invalid ? 'field invalid' : 'field'}>
      <Label {...props} />
      <FieldMessages form={form} name={name} hint={props.hint} />
      <input
        id={fieldId(form, name)}
        name={name}
        type={props.type ?? 'text'}
        value={form.values.get(name)}
        class={props.size === undefined ? undefined : `input-${props.size}`}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        min={props.min}
        max={props.max}
        required={props.required === true}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(form, name, props.hint)}
      />
    </div>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  const { form, name } = props;
  const invalid = errorOf(form, name) !== undefined;
  return (
    <div class={invalid ? 'field invalid' : 'field'}>
      <Label {...props} />
      <FieldMessages form={form} name={name} hint={props.hint} />
      <textarea
        id={fieldId(form, name)}
        name={name}
        rows={props.rows ?? 4}
        required={props.required === true}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(form, name, props.hint)}
      >
        {form.values.get(name)}
      </textarea>
    </div>
  );
}

/** Options as the vocabularies give them: code → French label. */
export type Options = Readonly<Record<string, string>> | readonly (readonly [string, string])[];

function entriesOf(options: Options): (readonly [string, string])[] {
  return Array.isArray(options)
    ? [...(options as readonly (readonly [string, string])[])]
    : Object.entries(options as Readonly<Record<string, string>>);
}

export function SelectField(props: FieldProps & { options: Options; placeholder?: string }) {
  const { form, name } = props;
  const invalid = errorOf(form, name) !== undefined;
  const chosen = form.values.get(name);
  return (
    <div class={invalid ? 'field invalid' : 'field'}>
      <Label {...props} />
      <FieldMessages form={form} name={name} hint={props.hint} />
      <select
        id={fieldId(form, name)}
        name={name}
        required={props.required === true}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={describedBy(form, name, props.hint)}
      >
        {props.placeholder !== undefined && (
          <option value="" selected={chosen === ''}>
            {props.placeholder}
          </option>
        )}
        {entriesOf(props.options).map(([code, label]) => (
          <option value={code} selected={chosen === code}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A group of checkboxes (several answers) or radios (one), in a fieldset whose legend is the
 * question. The first box carries the group's id, so the error summary's link lands on it.
 */
export function ChoiceGroup(
  props: Omit<FieldProps, 'label'> & {
    legend: string;
    options: Options;
    type: 'checkbox' | 'radio';
    inline?: boolean;
  },
) {
  const { form, name } = props;
  const id = fieldId(form, name);
  const error = errorOf(form, name);
  const chosen = form.values.all(name);
  return (
    <fieldset
      class={error === undefined ? 'field choices' : 'field choices invalid'}
      aria-describedby={describedBy(form, name, props.hint)}
    >
      <legend>
        {props.legend}
        {optionalSuffix(props)}
      </legend>
      <FieldMessages form={form} name={name} hint={props.hint} />
      <div class={props.inline === true ? 'choice-list inline' : 'choice-list'}>
        {entriesOf(props.options).map(([code, label], index) => {
          const boxId = index === 0 ? id : `${id}-${code.replace(/[^A-Za-z0-9_-]/g, '-')}`;
          return (
            <div class="choice">
              <input
                type={props.type}
                id={boxId}
                name={name}
                value={code}
                checked={chosen.includes(code)}
              />
              <label for={boxId}>{label}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** One checkbox that states something (the person was informed and agrees). */
export function Checkbox(props: FieldProps & { value?: string; children?: Child }) {
  const { form, name } = props;
  const id = fieldId(form, name);
  const value = props.value ?? 'oui';
  const invalid = errorOf(form, name) !== undefined;
  return (
    <div class={invalid ? 'field invalid' : 'field'}>
      <FieldMessages form={form} name={name} hint={props.hint} />
      <div class="choice">
        <input
          type="checkbox"
          id={id}
          name={name}
          value={value}
          checked={form.values.get(name) === value}
          required={props.required === true}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={describedBy(form, name, props.hint)}
        />
        <label for={id}>{props.label}</label>
      </div>
      {props.children}
    </div>
  );
}
