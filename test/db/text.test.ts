import { describe, expect, it } from 'vitest';
import { foldText, ftsQuery } from '../../db/text.js';

describe('foldText', () => {
  it.each([
    ['Nguyễn Văn An', 'nguyen van an'],
    ['ĐẶNG Thị Đào', 'dang thi dao'],
    ['Trần  Thị-Hồng', 'tran thi hong'],
    ['Phường Bến Nghé', 'phuong ben nghe'],
    ['王小明', '王 小 明'],
    ['Lý 小龙', 'ly 小 龙'],
    ['A-12.05', 'a 12 05'],
  ])('%s → %s', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });
});

describe('ftsQuery', () => {
  it('makes every word a quoted prefix phrase', () => {
    expect(ftsQuery('Nguyễn Đức')).toBe('"nguyen"* AND "duc"*');
    expect(ftsQuery('小明')).toBe('"小 明"*');
  });
  it('neutralises FTS syntax in user input', () => {
    expect(ftsQuery('a" OR b*')).toBe('"a"* AND "or"* AND "b"*');
    expect(ftsQuery('  "" ** ')).toBeNull();
  });
});
