/**
 * The size limits Discord enforces on what a bot sends. The emulator answers a violation the way Discord does
 * (400, code 50035 "Invalid Form Body" with a nested `errors` tree), so an end-to-end test fails for the same reason
 * production would, instead of passing against a lenient fake.
 */

import { ComponentType } from 'discord.js';

interface FormIssue {
  code: string;
  message: string;
}

/** Dotted path (`embeds.0.title`) → issues at that path. */
type FormIssues = Map<string, FormIssue[]>;

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowComponents: 5,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  modalTitle: 45,
  modalComponents: 5,
  label: 45,
  labelDescription: 100,
  textInputValue: 4000,
  textInputPlaceholder: 100,
  textDisplay: 4000,
} as const;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function add(issues: FormIssues, path: string, issue: FormIssue): void {
  const existing = issues.get(path);
  if (existing) existing.push(issue);
  else issues.set(path, [issue]);
}

function maxLength(issues: FormIssues, path: string, value: unknown, max: number): number {
  if (typeof value !== 'string') return 0;
  if (value.length > max) {
    add(issues, path, { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
  return value.length;
}

function maxItems(issues: FormIssues, path: string, value: unknown[], max: number): void {
  if (value.length > max) {
    add(issues, path, { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
}

function checkEmbeds(issues: FormIssues, embeds: unknown[], prefix: string): void {
  maxItems(issues, `${prefix}embeds`, embeds, LIMITS.embeds);
  let total = 0;
  embeds.forEach((embed, index) => {
    if (!isRecord(embed)) return;
    const at = `${prefix}embeds.${index}`;
    total += maxLength(issues, `${at}.title`, embed['title'], LIMITS.embedTitle);
    total += maxLength(issues, `${at}.description`, embed['description'], LIMITS.embedDescription);
    const footer = embed['footer'];
    if (isRecord(footer)) total += maxLength(issues, `${at}.footer.text`, footer['text'], LIMITS.footerText);
    const author = embed['author'];
    if (isRecord(author)) total += maxLength(issues, `${at}.author.name`, author['name'], LIMITS.authorName);
    const fields = asArray(embed['fields']);
    maxItems(issues, `${at}.fields`, fields, LIMITS.embedFields);
    fields.forEach((field, fieldIndex) => {
      if (!isRecord(field)) return;
      total += maxLength(issues, `${at}.fields.${fieldIndex}.name`, field['name'], LIMITS.fieldName);
      total += maxLength(issues, `${at}.fields.${fieldIndex}.value`, field['value'], LIMITS.fieldValue);
    });
  });
  if (total > LIMITS.embedTotal) {
    add(issues, `${prefix}embeds`, {
      code: 'MESSAGE_EMBEDS_TOO_LARGE',
      message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}`,
    });
  }
}

function checkComponents(issues: FormIssues, rows: unknown[], path: string, maxRows: number): void {
  maxItems(issues, path, rows, maxRows);
  rows.forEach((row, index) => {
    if (!isRecord(row)) return;
    maxLength(issues, `${path}.${index}.custom_id`, row['custom_id'], LIMITS.customId);
    const children = asArray(row['components']);
    if (row['type'] === 1) maxItems(issues, `${path}.${index}.components`, children, LIMITS.rowComponents);
    children.forEach((child, childIndex) => {
      if (isRecord(child)) {
        maxLength(issues, `${path}.${index}.components.${childIndex}.custom_id`, child['custom_id'], LIMITS.customId);
      }
    });
  });
}

/** The JSON body of a Discord 4xx answer. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: Json;
}

/**
 * Checks a message body (reply, edit, follow-up). `creating` adds Discord's "empty message" rule, which does not
 * apply to edits that only touch some fields. `at` prefixes error paths: `'data.'` inside an interaction callback.
 */
export function checkMessage(body: unknown, creating: boolean, fileCount: number, at = ''): DiscordErrorBody | null {
  const issues: FormIssues = new Map();
  if (!isRecord(body)) return null;
  maxLength(issues, `${at}content`, body['content'], LIMITS.content);
  const embeds = asArray(body['embeds']);
  checkEmbeds(issues, embeds, at);
  const components = asArray(body['components']);
  checkComponents(issues, components, `${at}components`, LIMITS.actionRows);
  if (issues.size > 0) return invalidFormBody(issues);
  const hasContent = typeof body['content'] === 'string' && body['content'].length > 0;
  if (creating && !hasContent && embeds.length === 0 && components.length === 0 && fileCount === 0) {
    return { code: 50006, message: 'Cannot send an empty message' };
  }
  return null;
}

export function checkAutocomplete(data: unknown): DiscordErrorBody | null {
  const issues: FormIssues = new Map();
  const choices = isRecord(data) ? asArray(data['choices']) : [];
  maxItems(issues, 'data.choices', choices, LIMITS.choices);
  choices.forEach((choice, index) => {
    if (!isRecord(choice)) return;
    maxLength(issues, `data.choices.${index}.name`, choice['name'], LIMITS.choiceName);
    maxLength(issues, `data.choices.${index}.value`, choice['value'], LIMITS.choiceValue);
  });
  return issues.size > 0 ? invalidFormBody(issues) : null;
}

/** A text input in a modal: its lengths, and a pre-filled value within its own `max_length`. */
function checkTextInput(issues: FormIssues, input: Json, at: string, inLabel: boolean): void {
  maxLength(issues, `${at}.custom_id`, input['custom_id'], LIMITS.customId);
  maxLength(issues, `${at}.placeholder`, input['placeholder'], LIMITS.textInputPlaceholder);
  const max = typeof input['max_length'] === 'number' ? input['max_length'] : LIMITS.textInputValue;
  if (max < 1 || max > LIMITS.textInputValue) {
    add(issues, `${at}.max_length`, { code: 'NUMBER_TYPE_MAX', message: `int value should be between 1 and ${LIMITS.textInputValue}.` });
  }
  maxLength(issues, `${at}.value`, input['value'], Math.min(max, LIMITS.textInputValue));
  // In a Label, the label is the Label's: a text input's own `label` is refused.
  if (inLabel && input['label'] !== undefined) {
    add(issues, `${at}.label`, { code: 'COMPONENT_LAYOUT_INVALID', message: 'A text input in a label cannot have its own label.' });
  }
}

/**
 * A modal: its title and custom_id, at most 5 top-level components, each a Label (label 45, description 100, one
 * component), a Text Display, or a legacy action row of one text input.
 */
export function checkModal(data: unknown): DiscordErrorBody | null {
  const issues: FormIssues = new Map();
  if (!isRecord(data)) return null;
  maxLength(issues, 'data.title', data['title'], LIMITS.modalTitle);
  maxLength(issues, 'data.custom_id', data['custom_id'], LIMITS.customId);
  const components = asArray(data['components']);
  maxItems(issues, 'data.components', components, LIMITS.modalComponents);
  components.forEach((component, index) => {
    if (!isRecord(component)) return;
    const at = `data.components.${index}`;
    if (component['type'] === ComponentType.Label) {
      maxLength(issues, `${at}.label`, component['label'], LIMITS.label);
      maxLength(issues, `${at}.description`, component['description'], LIMITS.labelDescription);
      const child = component['component'];
      if (isRecord(child) && child['type'] === ComponentType.TextInput) checkTextInput(issues, child, `${at}.component`, true);
      else if (!isRecord(child)) add(issues, `${at}.component`, { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    } else if (component['type'] === ComponentType.TextDisplay) {
      maxLength(issues, `${at}.content`, component['content'], LIMITS.textDisplay);
    } else if (component['type'] === ComponentType.ActionRow) {
      asArray(component['components']).forEach((child, childIndex) => {
        if (isRecord(child)) checkTextInput(issues, child, `${at}.components.${childIndex}`, false);
      });
    } else {
      add(issues, `${at}.type`, { code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1, 10, 18).' });
    }
  });
  return issues.size > 0 ? invalidFormBody(issues) : null;
}

/** Discord's 400 body: the dotted paths become the nested `{ a: { 0: { b: { _errors: [...] } } } }` tree. */
function invalidFormBody(issues: FormIssues): DiscordErrorBody {
  const errors: Json = {};
  for (const [path, list] of issues) {
    let node = errors;
    for (const key of path.split('.')) {
      const next = node[key];
      node = isRecord(next) ? next : (node[key] = {});
    }
    node['_errors'] = list;
  }
  return { code: 50035, message: 'Invalid Form Body', errors };
}
