import { InvalidArgumentError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  evaluate,
  formatDate,
  MAX_IF_DEPTH,
  parseTemplate,
  type TemplateVariables,
} from './template-syntax.js';

function render(source: string, variables: TemplateVariables): string {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return evaluate(parsed.template.nodes, variables)
    .map((p) => p.text)
    .join('');
}

function errorsOf(source: string, maxLength?: number) {
  const parsed = parseTemplate(source, maxLength === undefined ? {} : { maxLength });
  if (parsed.ok) throw new Error('expected a syntax error');
  return parsed.errors;
}

describe('template syntax', () => {
  it('substitutes dotted paths, with or without spaces inside the braces', () => {
    expect(
      render('Chào {{recipient.language}}, {{ title }}!', {
        title: 'Dự thảo',
        recipient: { language: 'vi' },
      }),
    ).toBe('Chào vi, Dự thảo!');
  });

  it('prints missing and null values as nothing, numbers and lists as text', () => {
    expect(render('[{{a}}][{{b}}][{{n}}][{{list}}]', { b: null, n: 0, list: ['x', 'y'] })).toBe(
      '[][][0][x, y]',
    );
  });

  it('keeps a part only when the condition is set, with an optional else', () => {
    const source = '{{#if code}}Mã {{code}}{{else}}Không mã{{/if}}.';
    expect(render(source, { code: 'A1' })).toBe('Mã A1.');
    expect(render(source, { code: '' })).toBe('Không mã.');
    expect(render(source, {})).toBe('Không mã.');
    expect(render('{{#if list}}có{{/if}}', { list: [] })).toBe('');
    expect(render('{{#if flag}}có{{/if}}', { flag: false })).toBe('');
    expect(render('{{#if a}}{{#if b}}ab{{/if}}a{{/if}}', { a: 1, b: 'x' })).toBe('aba');
  });

  it('drops the line of a block tag that stands alone on it', () => {
    const source = 'Một\n  {{#if x}}\nHai\n  {{/if}}  \nBa';
    expect(render(source, { x: true })).toBe('Một\nHai\nBa');
    expect(render(source, {})).toBe('Một\nBa');
    // Not alone on the line: left as written.
    expect(render('a {{#if x}}b{{/if}} c', { x: true })).toBe('a b c');
  });

  it('formats times in Asia/Ho_Chi_Minh and dates as they are', () => {
    expect(formatDate('2026-04-01T10:00:00Z', 'date')).toBe('01/04/2026 17:00');
    expect(formatDate('2026-03-31T18:30:00Z', 'date')).toBe('01/04/2026 01:30');
    expect(formatDate('2026-03-31T18:30:00Z', 'dateonly')).toBe('01/04/2026');
    expect(formatDate('2026-04-01T08:00:00+07:00', 'date')).toBe('01/04/2026 08:00');
    expect(formatDate('2026-05-01', 'dateonly')).toBe('01/05/2026');
    expect(formatDate('not a date', 'date')).toBe('not a date');
    expect(render('Hạn: {{ closesAt | date }}', { closesAt: '2026-04-01T10:00:00Z' })).toBe(
      'Hạn: 01/04/2026 17:00',
    );
  });

  it('reports errors with line and column', () => {
    expect(errorsOf('Xin chào {{ name')).toEqual([
      {
        message: 'tag opened with {{ is never closed with }}',
        offset: 9,
        line: 1,
        column: 10,
      },
    ]);
    expect(errorsOf('a\nbc {{#if x}}d')).toEqual([
      { message: '{{#if}} is never closed with {{/if}}', offset: 5, line: 2, column: 4 },
    ]);
    expect(errorsOf('a\n\nb\n  {{ x.}}\n')).toEqual([
      {
        message: '"x." is not a variable name (letters, digits, _ and dots)',
        offset: 7,
        line: 4,
        column: 3,
      },
    ]);
    expect(errorsOf('x{{/if}}')).toEqual([
      { message: '{{/if}} without a matching {{#if}}', offset: 1, line: 1, column: 2 },
    ]);
    expect(errorsOf('{{ a | upper }}')).toEqual([
      {
        message: 'unknown filter "upper"; use one of date, dateonly',
        offset: 0,
        line: 1,
        column: 1,
      },
    ]);
  });

  it('reports every error, not just the first', () => {
    expect(errorsOf('{{ }} {{#each x}} {{ a b }} {{else}}').map((e) => e.message)).toEqual([
      'empty tag {{ }}',
      'unknown block {{#each x}}; only {{#if variable}} is supported',
      '"a b" is not a variable name (letters, digits, _ and dots)',
      '{{else}} outside {{#if}}',
    ]);
    expect(errorsOf('{{a {{b}}').map((e) => [e.message, e.column])).toEqual([
      ['tag opened with {{ is not closed before the next {{', 1],
    ]);
  });

  it('refuses prototype names and never reaches inherited properties', () => {
    expect(errorsOf('{{constructor}}')[0]!.message).toBe(
      '"constructor" is not allowed in a variable name',
    );
    expect(errorsOf('{{__proto__.x}}')[0]!.message).toBe(
      '"__proto__" is not allowed in a variable name',
    );
    expect(errorsOf('{{#if a.prototype}}x{{/if}}')[0]!.message).toBe(
      '"prototype" is not allowed in a variable name',
    );
    expect(errorsOf('{{ a["b"] }}')[0]!.message).toBe(
      '"a["b"]" is not a variable name (letters, digits, _ and dots)',
    );
    // Valid names, but only own properties of plain objects are read.
    expect(render('[{{toString}}][{{title.length}}][{{hasOwnProperty}}]', { title: 'abc' })).toBe(
      '[][][]',
    );
  });

  it('bounds the size', () => {
    expect(errorsOf('a'.repeat(10_001))).toEqual([
      {
        message: 'template is 10001 characters long; the limit is 10000',
        offset: 10_000,
        line: 1,
        column: 10_001,
      },
    ]);
    expect(parseTemplate('a'.repeat(10_000)).ok).toBe(true);
    expect(errorsOf('x'.repeat(301), 300)[0]!.message).toBe(
      'template is 301 characters long; the limit is 300',
    );
  });

  it('bounds nesting, and stops at the first level too deep', () => {
    const nested = (n: number) => '{{#if a}}'.repeat(n) + 'x' + '{{/if}}'.repeat(n);
    expect(render(nested(MAX_IF_DEPTH), { a: true })).toBe('x');
    expect(errorsOf(nested(MAX_IF_DEPTH + 1))).toEqual([
      {
        message: `{{#if}} is nested more than ${MAX_IF_DEPTH} levels deep`,
        offset: 9 * MAX_IF_DEPTH,
        line: 1,
        column: 9 * MAX_IF_DEPTH + 1,
      },
    ]);
    // Hostile: as many opening tags as fit.
    expect(errorsOf('{{#if a}}'.repeat(1_111))).toHaveLength(1);
  });

  it('caps the number of errors reported', () => {
    expect(errorsOf('{{/if}}'.repeat(100))).toHaveLength(20);
  });

  it('compiles subject and body, or names the field of every error', () => {
    const compiled = compileTemplate({ subject: 'S {{a}}', body: 'B' });
    expect(Object.isFrozen(compiled)).toBe(true);
    expect(compiled.subject.uses.map((u) => u.path)).toEqual(['a']);
    let caught: unknown;
    try {
      compileTemplate({ subject: '{{', body: '{{/if}}' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).violations).toEqual([
      {
        field: 'subject',
        description: 'line 1, column 1: tag opened with {{ is never closed with }}',
      },
      { field: 'body', description: 'line 1, column 1: {{/if}} without a matching {{#if}}' },
    ]);
  });
});
