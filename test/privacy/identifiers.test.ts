import { isBsn, isIban, maskIdentifiers, passesLuhn } from '../../src/privacy';

/** 612345609 passes the elfproef: a mobile number's digits after +31 look like a BSN. */
const PHONE_LIKE_BSN = '612345609';

describe('maskIdentifiers: what it masks', () => {
  it.each([
    ['mijn bsn is 111222333', 'mijn bsn is •••••••••', 'bsn'],
    ['BSN: 123 456 782, bel me', 'BSN: ••• ••• •••, bel me', 'bsn'],
    ['bsn 1234.56.782.', 'bsn ••••.••.•••.', 'bsn'],
    ['het is 111-222-333', 'het is •••-•••-•••', 'bsn'],
    ['NL91ABNA0417164300 is mijn rekening', '•••••••••••••••••• is mijn rekening', 'iban'],
    ['iban nl91 abna 0417 1643 00 graag', 'iban •••• •••• •••• •••• •• graag', 'iban'],
    ['BE68 5390 0754 7034 voor de huur', '•••• •••• •••• •••• voor de huur', 'iban'],
    ['(DE89370400440532013000)', '(••••••••••••••••••••••)', 'iban'],
    ['kaart 4111 1111 1111 1111', 'kaart •••• •••• •••• ••••', 'card'],
    ['5500-0000-0000-0004', '••••-••••-••••-••••', 'card'],
    ['amex 378282246310005.', 'amex •••••••••••••••.', 'card'],
    ['https://example.nl/form?bsn=111222333', 'https://example.nl/form?bsn=•••••••••', 'bsn'],
  ])('%s', (text, masked, kind) => {
    expect(maskIdentifiers(text)).toEqual({ text: masked, found: [kind] });
  });

  it('masks several at once and says which kinds', () => {
    const r = maskIdentifiers('bsn 111222333, iban NL91ABNA0417164300 en bsn 123456782');
    expect(r.text).toBe('bsn •••••••••, iban •••••••••••••••••• en bsn •••••••••');
    expect(r.found.sort()).toEqual(['bsn', 'iban']);
  });

  it('is the same when run again on what it masked', () => {
    const once = maskIdentifiers('bsn 111222333 en kaart 4111111111111111').text;
    expect(maskIdentifiers(once)).toEqual({ text: once, found: [] });
  });
});

describe('maskIdentifiers: what it leaves alone', () => {
  it.each([
    // Numbers of the right length whose checksum fails.
    ['bestelnummer 123456789'],
    ['iban NL92ABNA0417164300'],
    ['kaart 4111 1111 1111 1112'],
    ['order 4012345678900'],
    // Phone numbers, also where their digits pass a checksum.
    ['bel me op 06 12345609'],
    ['bel me op 0612345609'],
    [`bel +31 ${PHONE_LIKE_BSN}`],
    ['bel +31 612 345 609'],
    ['+31 (0)6 1234 5609'],
    ['0031 6 12345609'],
    ['0031612345608'],
    ['+32 470 12 34 56'],
    // Postcodes, house numbers, dates, times, amounts and references.
    ['Kerkstraat 12, 1234 AB Voorbeeld'],
    ['1234AB 111222333a'],
    ['op 12-03-2026 om 10.30 uur'],
    ['2026-03-12 tot 2026-03-14'],
    ['€ 111.222.333'],
    ['111222333,50 euro'],
    ['AFS-KMNPQR en MLD-7K3M9Q'],
    ['zaak GRV-111222333 en ORD/111222333'],
    ['bestelling #111222333'],
    ['mail 111222333@example.nl'],
    ['iemand@example.nl, 06-12345678'],
  ])('%s', (text) => {
    expect(maskIdentifiers(text)).toEqual({ text, found: [] });
  });

  it('needs the checksum: the same forms with a valid one are masked', () => {
    expect(maskIdentifiers('bestelnummer 123456782').found).toEqual(['bsn']);
    expect(maskIdentifiers(`mijn nummer ${PHONE_LIKE_BSN}`).found).toEqual(['bsn']);
  });
});

describe('the checksums', () => {
  it('elfproef: weights 9 to 2 and -1', () => {
    expect(isBsn('111222333')).toBe(true);
    expect(isBsn('123456782')).toBe(true);
    expect(isBsn('123456789')).toBe(false);
    expect(isBsn('11122233')).toBe(false);
    expect(isBsn('11122233a')).toBe(false);
  });

  it('IBAN: mod-97 and the country\'s length', () => {
    expect(isIban('NL91ABNA0417164300')).toBe(true);
    expect(isIban('nl91abna0417164300')).toBe(true);
    expect(isIban('NL91ABNA041716430')).toBe(false);
    expect(isIban('NL91ABNA0417164301')).toBe(false);
    expect(isIban('XX91ABNA0417164300')).toBe(false);
  });

  it('Luhn', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('378282246310005')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });
});
