import { InvalidArgumentError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.test-helper.js';
import {
  classifyInboundText,
  FeedbackCommandError,
  parseFeedbackCommand,
  smsIdempotencyKey,
  type FeedbackCommandProblem,
} from './sms-feedback-command.js';

function problemOf(message: string): FeedbackCommandProblem | undefined {
  try {
    parseFeedbackCommand(message);
    return undefined;
  } catch (err) {
    if (err instanceof FeedbackCommandError) return err.problem;
    throw err;
  }
}

describe('parseFeedbackCommand', () => {
  it('reads code, article and text of the plain form', () => {
    expect(parseFeedbackCommand('GY QD-2026-01 D5 De nghi giam phi')).toEqual({
      draftCode: 'QD-2026-01',
      articleNumber: '5',
      text: 'De nghi giam phi',
    });
  });

  it('takes a comment on the whole draft when there is no article', () => {
    expect(parseFeedbackCommand('GY QD-2026-01 Toi dong y voi du thao')).toEqual({
      draftCode: 'QD-2026-01',
      articleNumber: null,
      text: 'Toi dong y voi du thao',
    });
  });

  it.each([
    ['gy', 'gy QD-1 D5 x'],
    ['Gy', 'Gy QD-1 D5 x'],
    ['gY', 'gY QD-1 D5 x'],
    ['GY:', 'GY: QD-1 D5 x'],
    ['GÓP Ý', 'GÓP Ý QD-1 D5 x'],
    ['góp ý', 'góp ý QD-1 D5 x'],
    ['GOP Y', 'GOP Y QD-1 D5 x'],
    ['GOPY', 'GOPY QD-1 D5 x'],
    ['full-width ＧＹ', 'ＧＹ QD-1 D5 x'],
    ['decomposed (NFD) góp ý', 'go\u0301p y\u0301 QD-1 D5 x'],
  ])('accepts the keyword %s', (_label, message) => {
    expect(parseFeedbackCommand(message)).toEqual({
      draftCode: 'QD-1',
      articleNumber: '5',
      text: 'x',
    });
  });

  it.each([
    ['D5', '5'],
    ['d5', '5'],
    ['Đ5', '5'],
    ['Ð5', '5'], // U+00D0, the eth that stands in for Đ on some phones
    ['D.5', '5'],
    ['D 5', '5'],
    ['D5:', '5'],
    ['D05', '5'],
    ['Dieu 5', '5'],
    ['dieu5', '5'],
    ['Điều 5', '5'],
    ['ĐIỀU 5:', '5'],
    ['Điều 12a', '12a'],
    ['D2000', '2000'],
  ])('reads the article %s as %s', (marker, number) => {
    expect(parseFeedbackCommand(`GY QD-1 ${marker} Noi dung`)).toEqual({
      draftCode: 'QD-1',
      articleNumber: number,
      text: 'Noi dung',
    });
  });

  it.each([
    ['Dung vay', 'Dung vay'],
    ['Đề nghị sửa', 'Đề nghị sửa'],
    ['dieu kien qua kho', 'dieu kien qua kho'],
    ['D la chu cai', 'D la chu cai'],
  ])('keeps words that only look like an article marker in the text: %s', (text, expected) => {
    expect(parseFeedbackCommand(`GY QD-1 ${text}`)).toEqual({
      draftCode: 'QD-1',
      articleNumber: null,
      text: expected,
    });
  });

  it('takes extra spaces, tabs, no-break and ideographic spaces, zero-width spaces and CRLF', () => {
    expect(
      parseFeedbackCommand(
        '  GY\u00A0\u00A0 QD-2026-01\t\u3000D5\u200B   Dòng một\r\nDòng\u200B hai  \r\n',
      ),
    ).toEqual({ draftCode: 'QD-2026-01', articleNumber: '5', text: 'Dòng một\nDòng hai' });
  });

  it('reads autocorrected dashes and full-width letters in the code as the draft service writes them', () => {
    expect(parseFeedbackCommand('GY QD–2026—01 x').draftCode).toBe('QD-2026-01');
    expect(parseFeedbackCommand('GY ＱＤ－１ x').draftCode).toBe('QD-1');
    expect(parseFeedbackCommand('GY QD-1, x').draftCode).toBe('QD-1');
  });

  it("reads a code and an article copied with the usage's brackets or in quotes", () => {
    expect(parseFeedbackCommand('GY <QD-2026-01> [D5] Noi dung')).toEqual({
      draftCode: 'QD-2026-01',
      articleNumber: '5',
      text: 'Noi dung',
    });
    expect(parseFeedbackCommand('GY "QD-2026-01" (Điều 5) Noi dung')).toMatchObject({
      draftCode: 'QD-2026-01',
      articleNumber: '5',
    });
    expect(parseFeedbackCommand('GY «QD-1»: [x] y').text).toBe('[x] y');
  });

  it('stores the text in NFC and keeps its case and tone placement', () => {
    const decomposed = 'Ho\u0300a bi\u0300nh'; // NFD "Hòa bình"
    expect(parseFeedbackCommand(`GY QD-1 ${decomposed} hoà`).text).toBe('Hòa bình hoà');
  });

  it('drops control characters a GSM gateway leaves behind (escape, NUL, C1)', () => {
    expect(parseFeedbackCommand('GY QD-1 Gia\u001B tri\u0000 \u0085cao').text).toBe('Gia tri cao');
  });

  it('takes a text of exactly 10,000 characters and refuses 10,001', () => {
    expect(parseFeedbackCommand(`GY QD-1 ${'a'.repeat(10_000)}`).text).toHaveLength(10_000);
    expect(problemOf(`GY QD-1 ${'a'.repeat(10_001)}`)).toBe('TEXT_TOO_LONG');
  });

  it.each<[string, string, FeedbackCommandProblem]>([
    ['keyword only', 'GY', 'MISSING_DRAFT_CODE'],
    ['keyword and spaces', 'GY   \r\n', 'MISSING_DRAFT_CODE'],
    ['no text', 'GY QD-1', 'MISSING_TEXT'],
    ['an article but no text', 'GY QD-1 D5', 'MISSING_TEXT'],
    ['an article written out but no text', 'GY QD-1 Điều 5 ', 'MISSING_TEXT'],
    ['only invisible text', 'GY QD-1 \u200B\u00AD\uFEFF', 'MISSING_TEXT'],
    ['a code with forbidden characters', 'GY QD<1> Noi dung', 'INVALID_DRAFT_CODE'],
    ['a code that starts with a dash', 'GY -QD1 Noi dung', 'INVALID_DRAFT_CODE'],
    ['a code over 64 characters', `GY ${'Q'.repeat(65)} Noi dung`, 'INVALID_DRAFT_CODE'],
    ['article 0', 'GY QD-1 D0 Noi dung', 'INVALID_ARTICLE'],
    ['an article of five digits', 'GY QD-1 D12345 Noi dung', 'INVALID_ARTICLE'],
    ['no keyword at all', 'QD-1 Noi dung', 'MISSING_DRAFT_CODE'],
  ])('refuses %s with a reply the person can act on', (_label, message, problem) => {
    let error: unknown;
    try {
      parseFeedbackCommand(message);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FeedbackCommandError);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    const refusal = error as FeedbackCommandError;
    expect(refusal.problem).toBe(problem);
    expect(refusal.code).toBe('INVALID_ARGUMENT');
    expect(refusal.reply.vi).toMatch(/[ạảãáàâăđêệơưữ]/u);
    expect(refusal.reply.en).toMatch(/^[\x20-\x7E…]+$/);
    expect(refusal.violations[0]?.field).toMatch(/^(draftCode|articleNumber|text)$/);
    expect(refusal.reply.vi.length).toBeLessThan(400);
  });

  it('quotes a bad code in the reply, shortened so a hostile one cannot make it long', () => {
    const hostile = `GY ${'<'.repeat(5000)} x`;
    const err = (() => {
      try {
        parseFeedbackCommand(hostile);
      } catch (e) {
        return e as FeedbackCommandError;
      }
      return undefined;
    })();
    expect(err?.problem).toBe('INVALID_DRAFT_CODE');
    expect(err?.reply.en.length).toBeLessThan(300);
  });

  it('shows the usage with an example in the replies', () => {
    try {
      parseFeedbackCommand('GY');
    } catch (err) {
      expect((err as FeedbackCommandError).reply.vi).toContain('GY QD-2026-01 D5');
      expect((err as FeedbackCommandError).reply.en).toContain('GY <draft code>');
    }
    expect.assertions(2);
  });
});

describe('classifyInboundText', () => {
  it('sorts a GY command to feedback', () => {
    expect(classifyInboundText('gy QD-1 d3 Khong dong y')).toEqual({
      kind: 'feedback',
      command: { draftCode: 'QD-1', articleNumber: '3', text: 'Khong dong y' },
    });
  });

  it('sorts a malformed GY command to invalid_feedback, with its error', () => {
    const sorted = classifyInboundText('GY');
    expect(sorted.kind).toBe('invalid_feedback');
    if (sorted.kind === 'invalid_feedback') expect(sorted.error.problem).toBe('MISSING_DRAFT_CODE');
  });

  it.each(['STOP', 'stop ', 'Stop!', 'HUY', 'hủy', 'Tu choi', 'từ chối.', 'DỪNG', 'unsubscribe'])(
    'sorts the STOP word %j to stop, as the notification service reads it',
    (message) => {
      expect(classifyInboundText(message)).toEqual({ kind: 'stop' });
    },
  );

  it.each(['Dung roi', 'stop it please', 'Cam on', '', 'GYM tap the duc', 'GY-QD-1 x'])(
    'does not make a comment of %j',
    (message) => {
      expect(classifyInboundText(message)).toEqual({ kind: 'other' });
    },
  );

  it('answers the keyword alone with the usage rather than silence', () => {
    expect(classifyInboundText('gopy').kind).toBe('invalid_feedback');
  });

  it('reads "Góp ý: <word> ..." as a command: the feedback service refuses the unknown code', () => {
    // Documented trade-off: accepting the written-out keyword means its next word is the code.
    expect(classifyInboundText('Góp ý: tôi đồng ý')).toEqual({
      kind: 'feedback',
      command: { draftCode: 'tôi', articleNumber: null, text: 'đồng ý' },
    });
  });
});

describe('smsIdempotencyKey', () => {
  it("is the provider's message id when there is one", () => {
    expect(smsIdempotencyKey({ from: '0912345678', text: 'GY QD-1 x', messageId: 'p-42' })).toBe(
      'sms:p-42',
    );
  });

  it('is derived from number and text otherwise, the same for a resend, never the number in clear', () => {
    const key = smsIdempotencyKey({ from: '0912 345 678', text: 'GY QD-1 hoa\u0300' });
    expect(key).toMatch(/^sms-text:[0-9a-f]{40}$/);
    expect(key).not.toContain('912');
    expect(smsIdempotencyKey({ from: '0912345678', text: 'GY QD-1 hoà', messageId: '' })).toBe(key);
    expect(smsIdempotencyKey({ from: '0912345679', text: 'GY QD-1 hoà' })).not.toBe(key);
    expect(smsIdempotencyKey({ from: '0912345678', text: 'GY QD-1 hòa' })).not.toBe(key);
  });
});

describe('classifyInboundText on arbitrary text', () => {
  it('takes newlines between the parts of a command', () => {
    expect(classifyInboundText('GY\nQD-1\r\nD5\nNoi dung')).toEqual({
      kind: 'feedback',
      command: { draftCode: 'QD-1', articleNumber: '5', text: 'Noi dung' },
    });
  });

  it('never throws, and a comment it accepts is never empty or over the limit', () => {
    const random = seededRandom(0x5eed);
    const alphabet = [
      'GY',
      'gy',
      'GÓP',
      'Ý',
      'D',
      'Điều',
      '5',
      ' ',
      '\n',
      '\u200B',
      '\u0000',
      'ạ',
      '-',
      'QD',
      '𝔾',
      '\uD800',
      ':',
      '"',
      'STOP',
    ];
    for (let i = 0; i < 2000; i++) {
      const parts = Array.from(
        { length: Math.floor(random() * 12) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      );
      const sorted = classifyInboundText(parts.join(random() < 0.5 ? ' ' : ''));
      if (sorted.kind === 'feedback') {
        expect(sorted.command.text.length).toBeGreaterThan(0);
        expect(sorted.command.text.length).toBeLessThanOrEqual(10_000);
        expect(sorted.command.draftCode).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}_./-]{0,63}$/u);
      }
    }
  });
});
