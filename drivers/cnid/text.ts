import { FrameError } from '../util/frame-error.js';

/**
 * The 256-byte UCS-2LE text block of a 2nd-generation ID card (GA 467), fields space-padded:
 * name 30 | sex 2 | nation 4 | birth 16 | address 70 | ID number 36 | issuer 30 | valid from 16 | valid to 16 | 36 reserved.
 */
export const TEXT_BLOCK_SIZE = 256;
export const PHOTO_SIZE = 1024;

const FIELDS = [
  ['name', 30],
  ['sex', 2],
  ['nation', 4],
  ['birth', 16],
  ['address', 70],
  ['idNumber', 36],
  ['issuer', 30],
  ['validFrom', 16],
  ['validTo', 16],
  ['reserved', 36],
] as const;

export type CnIdTextField = (typeof FIELDS)[number][0];
/** Field values exactly as stored on the card (trimmed): sex `1`/`2`, nation `01`, dates `YYYYMMDD` or `长期`. */
export type CnIdText = Record<Exclude<CnIdTextField, 'reserved'>, string>;

/** GB 3304 nationality codes. */
export const NATIONS: Readonly<Record<string, string>> = Object.freeze({
  '01': '汉', '02': '蒙古', '03': '回', '04': '藏', '05': '维吾尔', '06': '苗', '07': '彝', '08': '壮', '09': '布依',
  '10': '朝鲜', '11': '满', '12': '侗', '13': '瑶', '14': '白', '15': '土家', '16': '哈尼', '17': '哈萨克', '18': '傣',
  '19': '黎', '20': '傈僳', '21': '佤', '22': '畲', '23': '高山', '24': '拉祜', '25': '水', '26': '东乡', '27': '纳西',
  '28': '景颇', '29': '柯尔克孜', '30': '土', '31': '达斡尔', '32': '仫佬', '33': '羌', '34': '布朗', '35': '撒拉',
  '36': '毛南', '37': '仡佬', '38': '锡伯', '39': '阿昌', '40': '普米', '41': '塔吉克', '42': '怒', '43': '乌孜别克',
  '44': '俄罗斯', '45': '鄂温克', '46': '德昂', '47': '保安', '48': '裕固', '49': '京', '50': '塔塔尔', '51': '独龙',
  '52': '鄂伦春', '53': '赫哲', '54': '门巴', '55': '珞巴', '56': '基诺', '97': '其他', '98': '外国血统中国籍人士',
});

export const LONG_TERM = '长期';

export function decodeCnIdText(block: Uint8Array): CnIdText {
  if (block.length < TEXT_BLOCK_SIZE) throw new FrameError('bad-length', 'cnid-text', `text block is ${block.length} bytes`);
  const buf = Buffer.from(block);
  const out: Partial<Record<CnIdTextField, string>> = {};
  let offset = 0;
  for (const [field, size] of FIELDS) {
    out[field] = buf.subarray(offset, offset + size).toString('utf16le').replaceAll('\u0000', '').trim();
    offset += size;
  }
  const { reserved: _reserved, ...text } = out as Record<CnIdTextField, string>;
  return text;
}

export function encodeCnIdText(text: CnIdText): Buffer {
  const parts = FIELDS.map(([field, size]) => {
    const value = field === 'reserved' ? '' : text[field];
    const encoded = Buffer.from(value, 'utf16le');
    if (encoded.length > size) throw new RangeError(`${field} longer than ${size / 2} characters`);
    const padded = Buffer.alloc(size);
    for (let i = 0; i < size; i += 2) padded.writeUInt16LE(0x0020, i);
    encoded.copy(padded);
    return padded;
  });
  return Buffer.concat(parts);
}

/** `YYYYMMDD` → `YYYY-MM-DD` when it is a real date, else undefined. */
export function cnDate(value: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}
