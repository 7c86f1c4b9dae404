import { describe, expect, it } from 'vitest';
import { MrzLineAssembler } from '../../gateway/devices/documents.js';

function setup() {
  const out: string[] = [];
  const pending: (() => void)[] = [];
  const assembler = new MrzLineAssembler(
    (text) => out.push(text),
    (fn) => {
      pending.push(fn);
      return { cancel: () => pending.splice(pending.indexOf(fn), 1) };
    },
  );
  return { out, assembler, fire: () => pending.splice(0).forEach((fn) => fn()) };
}
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

describe('MRZ line assembly', () => {
  it('joins the two lines of a passport and the three of an ID card', () => {
    const { out, assembler } = setup();
    TD3.forEach((l) => assembler.push(l));
    TD1.forEach((l) => assembler.push(`${l}\r`));
    expect(out).toEqual([TD3.join('\n'), TD1.join('\n')]);
  });

  it('passes other scans straight on and flushes an unfinished MRZ before them', () => {
    const { out, assembler } = setup();
    assembler.push(TD3[0]!);
    assembler.push('001090123456|012345678|NGUYEN VAN A|01011990|Nam|Q1|15042021');
    expect(out).toEqual([TD3[0], '001090123456|012345678|NGUYEN VAN A|01011990|Nam|Q1|15042021']);
  });

  it('gives up waiting for the rest after the timeout, so a lone line is still reported', () => {
    const { out, assembler, fire } = setup();
    assembler.push(TD1[0]!);
    assembler.push(TD1[1]!);
    expect(out).toEqual([]);
    fire();
    expect(out).toEqual([`${TD1[0]}\n${TD1[1]}`]);
  });

  it('starts a new group when the line length changes', () => {
    const { out, assembler } = setup();
    assembler.push(TD1[0]!);
    TD3.forEach((l) => assembler.push(l));
    expect(out).toEqual([TD1[0], TD3.join('\n')]);
  });
});
