// Domain names to ASCII exactly as Python's `idna` package does it (identifiers.to_ascii_domain):
// UTS #46 mapping, non-transitional, CheckHyphens, CheckBidi, CheckJoiners, UseSTD3ASCIIRules,
// DNS lengths (tr46), then IDNA 2008's own code point classes and CONTEXTO rules (RFC 5892),
// from tables generated from `idna` itself (identifier_tables.js). Two differences between tr46
// and `idna` are bridged here: `idna` applies the Bidi rule label by label (tr46: to every label
// of a domain holding a right-to-left label), with Python's Bidi classes (Unicode 14.0, as
// `idna` reads them from Python's unicodedata; tr46 has Unicode 18.0's, and a few differ); and
// `idna` refuses an A-label that is not the canonical Punycode of its U-label (tr46 re-encodes
// it).

import tr46 from "tr46";
import * as tables from "./identifier_tables.js";

const FLAGS = {
  checkHyphens: true,
  checkBidi: false, // label by label, below
  checkJoiners: true,
  useSTD3ASCIIRules: true,
  transitionalProcessing: false,
  verifyDNSLength: true,
};
const DOMAIN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/u;

export function inRanges(codePoint, ranges) {
  let low = 0;
  let high = ranges.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < ranges[2 * middle]) high = middle - 1;
    else if (codePoint > ranges[2 * middle + 1]) low = middle + 1;
    else return true;
  }
  return false;
}

function validContextO(codePoints, position) {
  const value = codePoints[position];
  const label = codePoints;
  if (value === 0x00b7) {
    return position > 0 && position < label.length - 1 && label[position - 1] === 0x6c && label[position + 1] === 0x6c;
  }
  if (value === 0x0375) {
    return position < label.length - 1 && label.length > 1 && inRanges(label[position + 1], tables.SCRIPT_GREEK);
  }
  if (value === 0x05f3 || value === 0x05f4) {
    return position > 0 && inRanges(label[position - 1], tables.SCRIPT_HEBREW);
  }
  if (value === 0x30fb) {
    return label.some(
      (cp) =>
        cp !== 0x30fb &&
        (inRanges(cp, tables.SCRIPT_HIRAGANA) || inRanges(cp, tables.SCRIPT_KATAKANA) || inRanges(cp, tables.SCRIPT_HAN)),
    );
  }
  if (value >= 0x660 && value <= 0x669) return !label.some((cp) => cp >= 0x6f0 && cp <= 0x6f9);
  if (value >= 0x6f0 && value <= 0x6f9) return !label.some((cp) => cp >= 0x660 && cp <= 0x669);
  return false;
}

function bidiClass(codePoint) {
  let low = 0;
  let high = tables.BIDI_STARTS.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (tables.BIDI_STARTS[middle] <= codePoint) low = middle;
    else high = middle - 1;
  }
  return tables.BIDI_CLASSES[low];
}

const RTL = new Set(["R", "AL", "AN"]);
const RTL_ALLOWED = new Set(["R", "AL", "AN", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"]);
const RTL_ENDING = new Set(["R", "AL", "EN", "AN"]);
const LTR_ALLOWED = new Set(["L", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"]);
const LTR_ENDING = new Set(["L", "EN"]);

// RFC 5893's Bidi rule for one label, step for step as idna.core.check_bidi applies it.
function bidiRule(label) {
  const classes = Array.from(label, (c) => bidiClass(c.codePointAt(0)));
  if (classes.includes("-")) return false;
  if (!classes.some((c) => RTL.has(c))) return true;
  let rtl;
  if (classes[0] === "R" || classes[0] === "AL") rtl = true;
  else if (classes[0] === "L") rtl = false;
  else return false;
  let validEnding = false;
  let numberType = null;
  for (const direction of classes) {
    if (rtl) {
      if (!RTL_ALLOWED.has(direction)) return false;
      if (RTL_ENDING.has(direction)) validEnding = true;
      else if (direction !== "NSM") validEnding = false;
      if (direction === "AN" || direction === "EN") {
        if (numberType === null) numberType = direction;
        else if (numberType !== direction) return false;
      }
    } else {
      if (!LTR_ALLOWED.has(direction)) return false;
      if (LTR_ENDING.has(direction)) validEnding = true;
      else if (direction !== "NSM") validEnding = false;
    }
  }
  return validEnding;
}

function idna2008Label(label) {
  const codePoints = Array.from(label, (c) => c.codePointAt(0));
  return codePoints.every((cp, position) => {
    if (inRanges(cp, tables.PVALID) || inRanges(cp, tables.CONTEXTJ)) return true;
    return inRanges(cp, tables.CONTEXTO) && validContextO(codePoints, position);
  });
}

export function toAsciiDomain(domain) {
  const name = domain.replace(/\.+$/u, "");
  const ascii = tr46.toASCII(name, FLAGS);
  if (ascii === null) return null;
  const unicode = tr46.toUnicode(ascii, FLAGS);
  if (unicode.error) return null;
  const asciiLabels = ascii.split(".");
  const unicodeLabels = unicode.domain.split(".");
  if (asciiLabels.length !== unicodeLabels.length) return null;
  for (const label of unicodeLabels) {
    if (!idna2008Label(label) || !bidiRule(label)) return null;
  }
  const written = name.split(/[.\u3002\uff0e\uff61]/u);
  if (written.length === asciiLabels.length) {
    for (const [i, label] of written.entries()) {
      const lowered = label.replace(/[A-Z]/gu, (c) => c.toLowerCase());
      if (lowered.startsWith("xn--") && lowered !== asciiLabels[i]) return null;
    }
  }
  return DOMAIN.test(ascii) ? ascii : null;
}
