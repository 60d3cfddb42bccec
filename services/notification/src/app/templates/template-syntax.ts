import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import { DEFAULT_TIME_ZONE } from '../quiet-hours.js';

/**
 * The template language, deliberately small so that templates edited by agency staff can never run
 * code or reach outside the variables they are given:
 *
 * - `{{ path.to.var }}` substitutes a variable (dotted path into the variables object);
 * - `{{ var | date }}` formats an ISO time as `dd/MM/yyyy HH:mm` in Asia/Ho_Chi_Minh, and
 *   `{{ var | dateonly }}` as `dd/MM/yyyy` (an ISO date is taken as it is, with no time zone shift);
 * - `{{#if var}}…{{else}}…{{/if}}` keeps a part only when the variable is set (not empty, false,
 *   0 or an empty list).
 *
 * A block tag alone on its line takes the whole line with it, so text templates need no tricks to
 * avoid blank lines. Templates are parsed once into plain, frozen data that can be cached by
 * template id and `updatedAt`.
 */

export const MAX_BODY_LENGTH = 10_000;
export const MAX_SUBJECT_LENGTH = 300;
/** `{{#if}}` nesting; real templates need two or three levels. */
export const MAX_IF_DEPTH = 8;
/** Segments in one variable path. */
export const MAX_PATH_DEPTH = 6;
/** Errors reported for one template; beyond this they only repeat the first. */
const MAX_ERRORS = 20;

export const FILTERS = ['date', 'dateonly'] as const;
export type TemplateFilter = (typeof FILTERS)[number];

/** Names that would reach the prototype chain if a lookup ever forgot `Object.hasOwn`. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type TemplateNode =
  | { readonly kind: 'text'; readonly value: string }
  | {
      readonly kind: 'var';
      readonly path: string;
      readonly filter: TemplateFilter | null;
      readonly offset: number;
    }
  | {
      readonly kind: 'if';
      readonly path: string;
      readonly then: readonly TemplateNode[];
      readonly otherwise: readonly TemplateNode[];
      readonly offset: number;
    };

export interface SourcePosition {
  /** 0-based offset into the source. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export interface TemplateSyntaxIssue extends SourcePosition {
  message: string;
}

/** Where a variable is used, with the filters applied to it, for checks against the schema. */
export interface VariableUse extends SourcePosition {
  path: string;
  filter: TemplateFilter | null;
  /** Used as the condition of `{{#if}}`. */
  condition: boolean;
}

export interface ParsedTemplate {
  readonly nodes: readonly TemplateNode[];
  /** Every use of a variable, in source order. */
  readonly uses: readonly VariableUse[];
}

export type ParseResult =
  { ok: true; template: ParsedTemplate } | { ok: false; errors: TemplateSyntaxIssue[] };

type Tag =
  | { kind: 'var'; path: string; filter: TemplateFilter | null }
  | { kind: 'if'; path: string }
  | { kind: 'else' }
  | { kind: 'endif' };

interface RawToken {
  kind: 'text' | 'tag';
  /** Text, or the tag's inner source. */
  value: string;
  start: number;
  end: number;
}

export function positionAt(source: string, offset: number): SourcePosition {
  return locator(source)(offset);
}

/** Offsets to line and column by binary search over line starts: linear work for many tags. */
function locator(source: string): (offset: number) => SourcePosition {
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) {
    lineStarts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
}

/** Parses a template; `maxLength` defaults to the body limit. Never throws on bad input. */
export function parseTemplate(source: string, options: { maxLength?: number } = {}): ParseResult {
  const maxLength = options.maxLength ?? MAX_BODY_LENGTH;
  if (typeof source !== 'string') {
    return { ok: false, errors: [{ message: 'template must be text', ...positionAt('', 0) }] };
  }
  if (source.length > maxLength) {
    return {
      ok: false,
      errors: [
        {
          message: `template is ${source.length} characters long; the limit is ${maxLength}`,
          ...positionAt(source, maxLength),
        },
      ],
    };
  }

  const errors: TemplateSyntaxIssue[] = [];
  const at = locator(source);
  const fail = (message: string, offset: number): void => {
    if (errors.length < MAX_ERRORS) errors.push({ message, ...at(offset) });
  };

  const tokens = dropStandaloneLines(source, tokenize(source, fail));

  // Iterative, with an explicit stack: hostile nesting cannot exhaust the call stack.
  interface Frame {
    path: string;
    offset: number;
    then: TemplateNode[];
    otherwise: TemplateNode[];
    inElse: boolean;
  }
  const root: TemplateNode[] = [];
  const stack: Frame[] = [];
  const uses: VariableUse[] = [];
  const current = (): TemplateNode[] => {
    const top = stack.at(-1);
    if (!top) return root;
    return top.inElse ? top.otherwise : top.then;
  };

  for (const token of tokens) {
    if (token.kind === 'text') {
      if (token.value !== '') current().push(Object.freeze({ kind: 'text', value: token.value }));
      continue;
    }
    const tag = parseTag(token.value, token.start, fail);
    if (!tag) continue;
    switch (tag.kind) {
      case 'var':
        uses.push({
          path: tag.path,
          filter: tag.filter,
          condition: false,
          ...at(token.start),
        });
        current().push(
          Object.freeze({ kind: 'var', path: tag.path, filter: tag.filter, offset: token.start }),
        );
        break;
      case 'if':
        if (stack.length >= MAX_IF_DEPTH) {
          fail(`{{#if}} is nested more than ${MAX_IF_DEPTH} levels deep`, token.start);
          return { ok: false, errors };
        }
        uses.push({
          path: tag.path,
          filter: null,
          condition: true,
          ...at(token.start),
        });
        stack.push({ path: tag.path, offset: token.start, then: [], otherwise: [], inElse: false });
        break;
      case 'else': {
        const top = stack.at(-1);
        if (!top) fail('{{else}} outside {{#if}}', token.start);
        else if (top.inElse) fail('a second {{else}} in the same {{#if}}', token.start);
        else top.inElse = true;
        break;
      }
      case 'endif': {
        const top = stack.pop();
        if (!top) {
          fail('{{/if}} without a matching {{#if}}', token.start);
          break;
        }
        current().push(
          Object.freeze({
            kind: 'if',
            path: top.path,
            then: Object.freeze(top.then),
            otherwise: Object.freeze(top.otherwise),
            offset: top.offset,
          }),
        );
        break;
      }
    }
  }
  for (const open of stack) fail('{{#if}} is never closed with {{/if}}', open.offset);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    template: Object.freeze({ nodes: Object.freeze(root), uses: Object.freeze(uses) }),
  };
}

function tokenize(source: string, fail: (message: string, offset: number) => void): RawToken[] {
  const tokens: RawToken[] = [];
  let pos = 0;
  while (pos < source.length) {
    const open = source.indexOf('{{', pos);
    if (open === -1) {
      tokens.push({ kind: 'text', value: source.slice(pos), start: pos, end: source.length });
      break;
    }
    if (open > pos)
      tokens.push({ kind: 'text', value: source.slice(pos, open), start: pos, end: open });
    const close = source.indexOf('}}', open + 2);
    const nextOpen = source.indexOf('{{', open + 2);
    if (close === -1) {
      fail('tag opened with {{ is never closed with }}', open);
      break;
    }
    if (nextOpen !== -1 && nextOpen < close) {
      fail('tag opened with {{ is not closed before the next {{', open);
      pos = nextOpen;
      continue;
    }
    tokens.push({ kind: 'tag', value: source.slice(open + 2, close), start: open, end: close + 2 });
    pos = close + 2;
  }
  return tokens;
}

function isBlockTag(token: RawToken): boolean {
  if (token.kind !== 'tag') return false;
  const inner = token.value.trim();
  return inner.startsWith('#') || inner.startsWith('/') || inner === 'else';
}

/**
 * Removes the line of a block tag that stands alone on it (only spaces around it): the indentation
 * before the tag and the spaces and line break after it. Works on source offsets, so the regions
 * cut from neighbouring text tokens never overlap.
 */
function dropStandaloneLines(source: string, tokens: RawToken[]): RawToken[] {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isBlockTag(token)) continue;
    const lineStart = source.lastIndexOf('\n', token.start - 1) + 1;
    const indent = token.start - lineStart;
    if (!/^[ \t]*$/.test(source.slice(lineStart, token.start))) continue;
    const lineEnd = source.indexOf('\n', token.end);
    const rest = source.slice(token.end, lineEnd === -1 ? source.length : lineEnd + 1);
    if (!/^[ \t]*\r?\n?$/.test(rest)) continue;
    // Whitespace only, so the indent lies in the text token before and the rest in the one after.
    const before = tokens[i - 1];
    if (indent > 0 && before) before.value = before.value.slice(0, before.value.length - indent);
    const after = tokens[i + 1];
    if (rest.length > 0 && after) after.value = after.value.slice(rest.length);
  }
  return tokens;
}

function parseTag(
  inner: string,
  offset: number,
  fail: (message: string, offset: number) => void,
): Tag | undefined {
  const text = inner.trim();
  if (text === '') {
    fail('empty tag {{ }}', offset);
    return undefined;
  }
  if (text.startsWith('#')) {
    const m = /^#if\s+(\S+)$/.exec(text);
    if (!m) {
      fail(`unknown block {{${text}}}; only {{#if variable}} is supported`, offset);
      return undefined;
    }
    const path = checkPath(m[1]!, offset, fail);
    return path === undefined ? undefined : { kind: 'if', path };
  }
  if (text.startsWith('/')) {
    if (!/^\/\s*if$/.test(text)) {
      fail(`unknown closing tag {{${text}}}; only {{/if}} is supported`, offset);
      return undefined;
    }
    return { kind: 'endif' };
  }
  if (text === 'else') return { kind: 'else' };

  const parts = text.split('|').map((p) => p.trim());
  if (parts.length > 2) {
    fail('only one filter per variable is supported', offset);
    return undefined;
  }
  const path = checkPath(parts[0]!, offset, fail);
  let filter: TemplateFilter | null = null;
  if (parts.length === 2) {
    const name = parts[1]!;
    if (!(FILTERS as readonly string[]).includes(name)) {
      fail(`unknown filter "${name}"; use one of ${FILTERS.join(', ')}`, offset);
      return undefined;
    }
    filter = name as TemplateFilter;
  }
  return path === undefined ? undefined : { kind: 'var', path, filter };
}

function checkPath(
  path: string,
  offset: number,
  fail: (message: string, offset: number) => void,
): string | undefined {
  const segments = path.split('.');
  if (segments.length > MAX_PATH_DEPTH) {
    fail(`variable path "${truncate(path)}" is deeper than ${MAX_PATH_DEPTH} levels`, offset);
    return undefined;
  }
  for (const segment of segments) {
    if (FORBIDDEN_SEGMENTS.has(segment)) {
      fail(`"${segment}" is not allowed in a variable name`, offset);
      return undefined;
    }
    if (!SEGMENT.test(segment)) {
      fail(`"${truncate(path)}" is not a variable name (letters, digits, _ and dots)`, offset);
      return undefined;
    }
  }
  return path;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A template's subject and body, parsed; plain frozen data, safe to cache and share. */
export interface CompiledTemplate {
  readonly subject: ParsedTemplate;
  readonly body: ParsedTemplate;
}

export function describeIssue(field: string, issue: TemplateSyntaxIssue): FieldViolation {
  return {
    field,
    description: `line ${issue.line}, column ${issue.column}: ${issue.message}`,
  };
}

/**
 * Compiles a stored template. Stored templates were validated when saved, so a failure here means
 * a bypassed check or a changed limit; it is reported as an invalid argument naming every problem.
 */
export function compileTemplate(source: { subject: string; body: string }): CompiledTemplate {
  const subject = parseTemplate(source.subject, { maxLength: MAX_SUBJECT_LENGTH });
  const body = parseTemplate(source.body, { maxLength: MAX_BODY_LENGTH });
  if (subject.ok && body.ok)
    return Object.freeze({ subject: subject.template, body: body.template });
  throw new InvalidArgumentError([
    ...(subject.ok ? [] : subject.errors.map((e) => describeIssue('subject', e))),
    ...(body.ok ? [] : body.errors.map((e) => describeIssue('body', e))),
  ]);
}

// ---- evaluation ----------------------------------------------------------------------------

/** The variables object templates see: plain data, looked up by own properties only. */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly TemplateValue[]
  | { readonly [key: string]: TemplateValue };
export type TemplateVariables = { readonly [key: string]: TemplateValue };

/** Output pieces: literal template text, or a substituted value (which the HTML renderer escapes). */
export interface RenderedPiece {
  literal: boolean;
  text: string;
}

export function lookup(variables: TemplateVariables, path: string): TemplateValue {
  let value: TemplateValue = variables;
  for (const segment of path.split('.')) {
    if (FORBIDDEN_SEGMENTS.has(segment)) return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const record = value as { readonly [key: string]: TemplateValue };
    if (!Object.hasOwn(record, segment)) return undefined;
    value = record[segment];
  }
  return value;
}

function truthy(value: TemplateValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function stringify(value: TemplateValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v: TemplateValue) => stringify(v)).join(', ');
  // A nested object has no meaningful text; printing "[object Object]" would only confuse.
  return '';
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: DEFAULT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function formatDate(value: TemplateValue, filter: TemplateFilter): string {
  const text = stringify(value);
  // A plain ISO date has no time zone: show it as it is rather than shift it.
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (dateOnly) return `${dateOnly[3]}/${dateOnly[2]}/${dateOnly[1]}`;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return text;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return text;
  const parts = Object.fromEntries(
    dateTimeFormat.formatToParts(at).map((p) => [p.type, p.value] as const),
  );
  const date = `${parts.day}/${parts.month}/${parts.year}`;
  return filter === 'dateonly' ? date : `${date} ${parts.hour}:${parts.minute}`;
}

/** Evaluates parsed nodes into pieces. Depth is bounded by the parser's nesting limit. */
export function evaluate(
  nodes: readonly TemplateNode[],
  variables: TemplateVariables,
  out: RenderedPiece[] = [],
): RenderedPiece[] {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out.push({ literal: true, text: node.value });
        break;
      case 'var': {
        const value = lookup(variables, node.path);
        const text = node.filter ? formatDate(value, node.filter) : stringify(value);
        if (text !== '') out.push({ literal: false, text });
        break;
      }
      case 'if':
        evaluate(truthy(lookup(variables, node.path)) ? node.then : node.otherwise, variables, out);
        break;
    }
  }
  return out;
}
