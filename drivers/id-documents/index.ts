export * from './types.js';
export { parseMrz, looksLikeMrz, mrzLines } from './mrz.js';
export { parseCccd, looksLikeCccd, cccdCenturyAndSex } from './cccd.js';
export { parseCnId } from './cn-id.js';
export { detectAndParse, detectFormat, type ScannedFormat } from './detect.js';
