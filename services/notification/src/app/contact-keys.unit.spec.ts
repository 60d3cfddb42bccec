import { describe, expect, it } from 'vitest';
import { contactKey, contactLookupKeys, destinationKey } from './contact-keys.js';
import { normaliseVietnamesePhone } from './phone-number.js';
import { normaliseEmail } from './contact-addresses.js';

const email = (address: string) => {
  const r = normaliseEmail(address);
  if (!r.ok) throw new Error(r.description);
  return { channel: 'email' as const, address: r.address };
};

describe('contact keys', () => {
  it('makes every upper and lower case spelling of an e-mail address one contact', () => {
    const spellings = ['Victim@Example.VN', 'vIctim@example.vn', 'VICTIM@EXAMPLE.VN'];
    expect(new Set(spellings.map((a) => contactKey(email(a))))).toEqual(
      new Set(['email:victim@example.vn']),
    );
  });

  it('makes every written form of a phone number one contact (E.164)', () => {
    const keys = ['0912 345 678', '+84912345678', '84-912-345-678', '0084.912.345.678'].map(
      (raw) => {
        const r = normaliseVietnamesePhone(raw);
        if (!r.ok) throw new Error(r.reason);
        return contactKey({ channel: 'sms', address: r.e164 });
      },
    );
    expect(new Set(keys)).toEqual(new Set(['sms:+84912345678']));
  });

  it('also looks a contact up under the spelling stored before keys were lower-cased', () => {
    expect(contactLookupKeys(email('Victim@example.vn'))).toEqual([
      'email:victim@example.vn',
      'email:Victim@example.vn',
    ]);
    expect(contactLookupKeys(email('victim@example.vn'))).toEqual(['email:victim@example.vn']);
  });

  it('counts every +tag of a mailbox, and every URL of a webhook host, as one destination', () => {
    expect(destinationKey(email('Victim+News@example.vn'))).toBe('email:victim@example.vn');
    expect(destinationKey(email('victim+2@example.vn'))).toBe('email:victim@example.vn');
    expect(destinationKey(email('+only@example.vn'))).toBe('email:+only@example.vn');
    expect(
      destinationKey({
        channel: 'webhook',
        address: 'https://Partner.Example.VN:8443/hooks/a?x=1',
      }),
    ).toBe('webhook:partner.example.vn');
    expect(destinationKey({ channel: 'sms', address: '+84912345678' })).toBe('sms:+84912345678');
  });
});
