import { displayOf, valueOf } from './helpers';

describe('email', () => {
  it.each([
    ['jan@example.nl', 'jan@example.nl'],
    ['  Jan@Example.NL ', 'jan@example.nl'],
    ['f.elamrani@example.nl', 'f.elamrani@example.nl'],
    ['jan.de.vries+gemeente@mail.example.co.uk', 'jan.de.vries+gemeente@mail.example.co.uk'],
    ['mijn mail is jan@example.nl.', 'jan@example.nl'],
    ['jan @ example.nl', 'jan@example.nl'],
    ['<jan@example.nl>', 'jan@example.nl'],
    // Dictated by a resident who cannot type it.
    ['jan punt de vries apenstaartje gmail punt com', 'jan.devries@gmail.com'],
    ['mijn mailadres is piet streepje jansen apenstaartje ziggo punt nl.', 'piet-jansen@ziggo.nl'],
    ['j smith at gmail dot com', 'jsmith@gmail.com'],
    ['het is markus punt weber apenstaartje example punt com verder klopt het', 'markus.weber@example.com'],
    // The dot before the top-level domain typed as a comma or a space.
    ['ingrid.vermeulen@example,nl', 'ingrid.vermeulen@example.nl'],
    ['annemiek.kok@example .nl', 'annemiek.kok@example.nl'],
    ['emma.degraaf@example com', 'emma.degraaf@example.com'],
  ])('%s → %s', (text, email) => {
    expect(valueOf('email', text)).toBe(email);
    expect(displayOf('email', text)).toBe(email);
  });

  it.each([
    '', 'geen idee', 'jan@example', 'jan.example.nl', '@example.nl', 'jan@', 'jan@@example.nl', 'jan..de@example.nl', 'jan@-example.nl',
    'jan@example.n', 'jan@example.nl of piet@example.nl', 'jan@exa mple.nl', '📧', 'I will be at home, dot', 'we zijn at the beach',
  ])('%j is not an email address', (text) => {
    expect(valueOf('email', text)).toBe('!not_understood');
  });
});

describe('phone', () => {
  it.each([
    ['0612345678', '+31612345678', '06 12345678'],
    ['06-12345678', '+31612345678', '06 12345678'],
    ['06 1234 5678', '+31612345678', '06 12345678'],
    ['06 12 34 56 78', '+31612345678', '06 12345678'],
    ['+31 6 12345678', '+31612345678', '06 12345678'],
    ['+31612345678', '+31612345678', '06 12345678'],
    ['+31 (0)6 12345678', '+31612345678', '06 12345678'],
    ['0031612345678', '+31612345678', '06 12345678'],
    ['010-1234567', '+31101234567', '010 1234567'],
    ['020 123 4567', '+31201234567', '020 1234567'],
    ['(010) 123 4567', '+31101234567', '010 1234567'],
    ['0513 123456', '+31513123456', '0513 123456'],
    ['088-1234567', '+31881234567', '088 1234567'],
    ['u kunt mij bellen op 06-12345678', '+31612345678', '06 12345678'],
    // Abroad: only with a country code.
    ['+32 470 12 34 56', '+32470123456', '+32470123456'],
    ['0049 30 1234567', '+49301234567', '+49301234567'],
    ['+1 555 123 4567', '+15551234567', '+15551234567'],
  ])('%s', (text, e164, display) => {
    expect(valueOf('phone', text)).toBe(e164);
    expect(displayOf('phone', text)).toBe(display);
  });

  it.each([
    '', '12345', '061234567', '06123456789', '0012345678', '+32 1234', '+0 470 12 34 56', '+31 6 1234', 'nul zes', 'geen',
    '06-12345678 of 010-1234567', '06-12345678 of +32 470 12 34 56', '1234 AB', '+123456789012345678',
  ])('%j is not a phone number', (text) => {
    expect(valueOf('phone', text)).toBe('!not_understood');
  });
});
