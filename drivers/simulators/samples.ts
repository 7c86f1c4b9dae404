import type { IdDocumentSpec } from './base.js';

/** Sample documents for demos and tests (fictional people; valid check digits). */
export const SAMPLE_CN_ID: IdDocumentSpec = Object.freeze({
  name: '王芳',
  sex: '2', // the number's sequence digit (2) is even: female
  nation: '01',
  birth: '19491231',
  address: '北京市西城区某某街道1号',
  idNumber: '11010519491231002X',
  issuer: '北京市公安局西城分局',
  validFrom: '20100101',
  validTo: '长期',
});

export const SAMPLE_CCCD_QR = '001090123456|012345678|NGUYEN VAN A|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021';

export const SAMPLE_MRZ_TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';
