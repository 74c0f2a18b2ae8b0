import { html, type SafeHtml } from './html';

export interface TextFieldView {
  /** The input's name and id; the hint and error ids derive from it. */
  name: string;
  label: string;
  value?: string;
  type?: 'text' | 'password' | 'email';
  hint?: string;
  /** Why the value was refused: the input is marked invalid and described by it, and it is announced. */
  error?: string;
  /** The id of a form-level error (errorNote) that concerns this field too: marked invalid and described by it. */
  formErrorId?: string;
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'text';
  required?: boolean;
}

/**
 * A labelled input (WCAG 1.3.1, 3.3.2): `<label for>`, the hint and error tied to the input by aria-describedby, the
 * input marked aria-invalid when refused, the error in a role="alert" element so that it is announced (4.1.3).
 */
export function textField(field: TextFieldView): SafeHtml {
  const hintId = field.hint ? `${field.name}-hint` : undefined;
  const errorId = field.error ? `${field.name}-error` : undefined;
  const describedBy = [hintId, errorId, field.formErrorId].filter(Boolean).join(' ');
  const invalid = Boolean(field.error || field.formErrorId);
  return html`<div class="field" data-field="${field.name}">
<label for="${field.name}">${field.label}</label>
${hintId ? html`<span class="hint" id="${hintId}">${field.hint}</span>` : ''}
${errorId ? html`<span class="field-error" id="${errorId}" role="alert"><span class="visually-hidden">Error: </span>${field.error}</span>` : ''}
<input id="${field.name}" name="${field.name}" type="${field.type ?? 'text'}" value="${field.value ?? ''}"${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : ''}${field.inputmode ? html` inputmode="${field.inputmode}"` : ''}${field.required ? html` required` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${invalid ? html` aria-invalid="true"` : ''}>
</div>
`;
}

export interface ChoiceView {
  type: 'checkbox' | 'radio';
  name: string;
  value: string;
  /** Unique in the page: the input's id, which the label names. */
  id: string;
  label: SafeHtml | string;
  hint?: SafeHtml | string;
  checked?: boolean;
  required?: boolean;
}

/**
 * A checkbox or radio with its label as one large tap target (WCAG 2.5.8); put several in a `<fieldset>` with a
 * `<legend>`. The hint is inside the label, so it is part of the input's accessible name ("Main account 99-00-01 …").
 */
export function choice(option: ChoiceView): SafeHtml {
  return html`<label class="choice" for="${option.id}"><input type="${option.type}" id="${option.id}" name="${option.name}" value="${option.value}"${option.checked ? html` checked` : ''}${option.required ? html` required` : ''}>
<span><span class="choice-label">${option.label}</span>${option.hint ? html` <span class="hint">${option.hint}</span>` : ''}</span></label>
`;
}

/** A message about the whole form or page (wrong credentials, a choice missing), announced when the page loads. */
export const errorNote = (message: string | undefined, id = 'error-note'): SafeHtml =>
  message ? html`<div class="error-note" id="${id}" role="alert"><p>${message}</p></div>` : html``;

export interface SummaryRow {
  label: string;
  value: SafeHtml | string;
  /** The value's element id (tests and screen-reader users find a value by it). */
  id?: string;
  /** The one value the page is about (a payment's amount): shown large. */
  emphasis?: boolean;
}

/** Label/value pairs (a `<dl>`): stacked on a phone, two columns on a wider screen. */
export function summaryList(rows: SummaryRow[], id?: string): SafeHtml {
  return html`<dl class="summary"${id ? html` id="${id}"` : ''}>
${rows.map((row) => html`<dt>${row.label}</dt><dd${row.id ? html` id="${row.id}"` : ''}${row.emphasis ? html` class="emphasis"` : ''}>${row.value}</dd>\n`)}</dl>`;
}
