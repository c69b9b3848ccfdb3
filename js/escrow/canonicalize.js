// Identifiers in one canonical spelling: a port of notalone/escrow/identifiers.py.
//
// Canonicalizing happens in the browser so that the identifier never reaches the server, not
// even to be canonicalized. Both ports run over tests/escrow/identifier_conformance.json and
// must give the same string, or the same refusal (key and sentence), on every case
// (tests/escrow/test_identifier_conformance.py). Phone numbers go through libphonenumber-js,
// whose metadata version is pinned to Python's phonenumbers; domains through tr46 plus IDNA 2008
// tables generated from Python's idna (idna.js).

import { isSupportedCountry, parsePhoneNumberWithError } from "libphonenumber-js/max";
import { toAsciiDomain, inRanges } from "./idna.js";
import {
  HANDLE_RULES,
  HOST_PREFIXES,
  HOSTS,
  KNOWN_SERVERS,
  MASTODON_USER,
  OTHER_HOSTS,
  REGIONAL_HOST,
  asciiLower,
  bareHandle,
  checkQuery,
  profile,
} from "./identifier_links.js";
import { InvalidIdentifier } from "./identifier_messages.js";
import { DIGIT_ZEROS, UNKNOWN } from "./identifier_tables.js";

export { InvalidIdentifier };

export const KINDS = ["email", "phone", ...Object.keys(HANDLE_RULES), "mastodon"];
const KIND_ALIASES = { twitter: "x", "e-mail": "email", mail: "email", telephone: "phone" };

// The same characters as identifiers.py's _SPACE and core/invisible.py's INVISIBLE (the
// Bidi_Control characters and the zero-width ones), written out.
const SPACE = "\\t\\n\\v\\f\\r \\x1c\\x1d\\x1e\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const INVISIBLE = "\\u200b-\\u200d\\u2060\\ufeff\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069";
const EDGES = new RegExp(`^[${SPACE}${INVISIBLE}]+|[${SPACE}${INVISIBLE}]+$`, "gu");
const INVISIBLES = new RegExp(`[${INVISIBLE}]`, "gu");
const INSIDE_LINK = new RegExp(`[${SPACE}${INVISIBLE}\\x00-\\x1f\\x7f]`, "u");
const DASHES = "\\-\\u2010-\\u2015\\u2212";
const PHONE = new RegExp(`^\\+?[0-9 ()./${DASHES}]+$`, "u");
const PHONE_LIKE = new RegExp(`^\\+?[0-9 ()./${DASHES}]{4,}$`, "u");
const LOCAL_FORBIDDEN = new RegExp(`[${SPACE}${INVISIBLE}\\x00-\\x1f\\x7f"(),:;<>@\\[\\]\\\\]`, "u");
const MASTODON_ADDRESS = new RegExp(`^@[^@/${SPACE}]+@[^@/${SPACE}]+$`, "u");
const LINK_PARTS = /^([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/su;
const MALFORMED_PERCENT = /%(?![0-9A-Fa-f]{2})/u;
// FULLWIDTH COMMERCIAL AT and SMALL COMMERCIAL AT, which NFKC makes @.
const AT_SIGNS = /[\uff20\ufe6b]/gu;

const has = (object, key) => Object.hasOwn(object, key);
const partition = (text, separator) => {
  const at = text.indexOf(separator);
  return at < 0 ? [text, "", ""] : [text.slice(0, at), separator, text.slice(at + separator.length)];
};
const rpartition = (text, separator) => {
  const at = text.lastIndexOf(separator);
  return at < 0 ? ["", "", text] : [text.slice(0, at), separator, text.slice(at + separator.length)];
};
const countDigits = (text) => [...text].filter((c) => c >= "0" && c <= "9").length;

// region (ISO 3166 alpha-2, such as "HK"): the country a phone number written without + was
// dialled from (see identifiers.py). An unknown region is a programming error, not a refusal.
export function canonicalize(raw, { kind = null, region = null } = {}) {
  if (region !== null && !isSupportedCountry(region)) throw new TypeError(`unknown region ${region}`);
  for (const c of raw) {
    if (inRanges(c.codePointAt(0), UNKNOWN)) throw new InvalidIdentifier("unknown_character");
  }
  const text = raw.normalize("NFKC").replace(EDGES, "");
  if (!text) throw new InvalidIdentifier("empty");
  const found = recognise(text, kind, region);
  const composed = raw.normalize("NFC").replace(EDGES, "");
  if (found.startsWith("email:") && text !== composed) {
    // NFKC changed something: the address must read the same without it (see identifiers.py).
    let same;
    try {
      // Only the at sign is read through NFKC: full-width ＠ (CJK keyboards) and small ﹫ are @.
      same = recognise(composed.replace(AT_SIGNS, "@"), kind, region) === found;
    } catch (error) {
      if (!(error instanceof InvalidIdentifier)) throw error;
      same = false;
    }
    if (!same) throw new InvalidIdentifier("email_compatibility");
  }
  return found;
}

function recognise(text, kind, region) {
  if (kind) {
    // The same explicit set as the text's ends, not trim() (identifiers.py).
    const k = asciiLower(kind.replace(EDGES, ""));
    return byKind(text, has(KIND_ALIASES, k) ? KIND_ALIASES[k] : k, region);
  }
  const [prefix, , rest] = partition(text, ":");
  if (KINDS.includes(asciiLower(prefix)) && rest) return byKind(rest, asciiLower(prefix), region);
  if (asciiLower(text).startsWith("mailto:")) return email(withoutMailto(text));
  if (asciiLower(text).startsWith("tel:")) return phone(text.slice("tel:".length), region);
  if (MASTODON_ADDRESS.test(text)) return mastodon(text);
  if (text.includes("@") && !text.startsWith("@") && !text.includes("/")) return email(text);
  if (text.startsWith("@")) throw new InvalidIdentifier("ambiguous_handle");
  const digits = asciiDigits(removeInvisible(text));
  if (PHONE_LIKE.test(digits) && countDigits(digits) >= 4) return phone(text, region);
  if (text.split("/")[0].includes(".") || text.includes("://")) return link(text);
  throw new InvalidIdentifier("unrecognised");
}

function byKind(text, kind, region = null) {
  if (kind === "email") return email(withoutMailto(text));
  if (kind === "phone") return phone(asciiLower(text).startsWith("tel:") ? text.slice("tel:".length) : text, region);
  if (kind === "mastodon") return text.includes("/") ? link(text, "mastodon") : mastodon(text);
  if (!has(HANDLE_RULES, kind)) throw new InvalidIdentifier("unknown_kind");
  const first = asciiLower(text.split("/")[0]);
  if (kind === "youtube" && ["c", "user", "channel"].includes(first)) {
    return profile("youtube", text.split("/").filter((s) => s), "");
  }
  if (text.includes("/") || text.includes("://")) return link(text, kind);
  // "facebook.com" typed with Facebook chosen is the site, not a username spelled so.
  const site = text.startsWith("@") ? text.slice(1) : text;
  if (isPlatformHost(site)) return link(site, kind);
  return bareHandle(text, kind);
}

const isPlatformHost = (text) => platformOf(withoutPrefixes(asciiLower(text).replace(/\.+$/u, "")))[0] !== null;

function withoutMailto(text) {
  return asciiLower(text).startsWith("mailto:") ? partition(text.slice("mailto:".length), "?")[0] : text;
}

const removeInvisible = (text) => text.replace(INVISIBLES, "");

// Decimal digits of every script (Unicode Nd, as Python's Unicode database knows them) as ASCII.
function asciiDigits(text) {
  let out = "";
  for (const c of text) {
    const cp = c.codePointAt(0);
    let low = 0;
    let high = DIGIT_ZEROS.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (DIGIT_ZEROS[middle] > cp) high = middle - 1;
      else low = middle + 1;
    }
    const zero = high >= 0 ? DIGIT_ZEROS[high] : -100;
    out += cp - zero <= 9 ? String(cp - zero) : c;
  }
  return out;
}

function email(text) {
  const [local, at, domain] = rpartition(text, "@");
  if (!at || !local || !domain || LOCAL_FORBIDDEN.test(local)) throw new InvalidIdentifier("email_shape");
  if (new TextEncoder().encode(local).length > 64) throw new InvalidIdentifier("email_local");
  const asciiDomain = toAsciiDomain(domain);
  if (asciiDomain === null) throw new InvalidIdentifier("email_domain");
  return `email:${asciiLower(local)}@${asciiDomain}`;
}

function phone(text, region) {
  const number = asciiDigits(removeInvisible(text)).replace(/^ +| +$/gu, "");
  if (!PHONE.test(number) || countDigits(number) === 0) throw new InvalidIdentifier("phone_characters");
  if (!number.startsWith("+") && region === null) {
    // The prefix for calls abroad is not 00 everywhere (001 32 … is Belgium from Hong Kong).
    if (number.startsWith("00")) throw new InvalidIdentifier("phone_dialling_prefix");
    // Without its country code the same digits are different people's numbers: nothing is guessed.
    throw new InvalidIdentifier("phone_country");
  }
  // Without +, libphonenumber reads the region's own prefix for calls abroad, or its national format.
  const plus = number.startsWith("+") ? "+" : "";
  const digits = plus + number.replace(/[^0-9]/gu, "");
  let parsed;
  try {
    parsed = plus ? parsePhoneNumberWithError(digits) : parsePhoneNumberWithError(digits, region);
  } catch {
    throw new InvalidIdentifier("phone_invalid");
  }
  if (!parsed.isValid()) throw new InvalidIdentifier("phone_invalid");
  return `phone:${parsed.number}`;
}

function mastodon(text) {
  const [name, at, server] = partition(text.startsWith("@") ? text.slice(1) : text, "@");
  const user = asciiLower(name);
  let asciiServer = at ? toAsciiDomain(server) : null;
  let pattern = MASTODON_USER;
  if (asciiServer !== null && has(KNOWN_SERVERS, withoutPrefixes(asciiServer))) {
    // A platform's server is spelled one way (www.threads.net is threads.net).
    const [canonical, users] = KNOWN_SERVERS[withoutPrefixes(asciiServer)];
    asciiServer = canonical;
    pattern = new RegExp(`^(?:${users})$`, "u");
  }
  if (!pattern.test(user) || asciiServer === null) throw new InvalidIdentifier("handle_mastodon");
  return `mastodon:${user}@${asciiServer}`;
}

function withoutPrefixes(host) {
  for (const prefix of HOST_PREFIXES) host = host.startsWith(prefix) ? host.slice(prefix.length) : host;
  return host;
}

// The platform a host belongs to, and the refusal its pages get (null: profiles).
function platformOf(host) {
  if (has(OTHER_HOSTS, host)) return OTHER_HOSTS[host];
  const regional = REGIONAL_HOST.exec(host);
  if (regional || has(HOSTS, host)) return [HOSTS[regional ? regional[1] : host], null];
  for (const [base, platform] of Object.entries(HOSTS)) {
    // Another of the platform's hosts (developers., help., business.): its own site.
    if (host.endsWith("." + base)) return [platform, "site_page"];
  }
  return [null, null];
}

function percentDecode(segment) {
  if (MALFORMED_PERCENT.test(segment)) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function link(text, expected = null) {
  if (INSIDE_LINK.test(text)) throw new InvalidIdentifier("unrecognised");
  let [scheme, separator, rest] = partition(text, "://");
  if (!separator) [scheme, rest] = ["https", text];
  if (asciiLower(scheme) !== "http" && asciiLower(scheme) !== "https") throw new InvalidIdentifier("not_web_link");
  const parts = LINK_PARTS.exec(rest);
  let [netloc, path, query, fragment] = parts.slice(1).map((part) => part ?? "");
  if (fragment.startsWith("!/")) {
    // Old hash-bang links (twitter.com/#!/name, facebook.com/#!/name): the page shown is
    // the one after "#!", whatever path came before it (facebook.com/jane#!/john is
    // John's page, reached from Jane's).
    [path, , query] = partition(fragment.slice(1), "?");
  }
  const server = asciiLower(netloc.replace(/:[0-9]*$/u, "")).replace(/\.+$/u, "");
  const segments = path.split("/").filter((s) => s).map(percentDecode);
  let [platform, page] = platformOf(withoutPrefixes(server));
  if (platform === null && segments.length && segments[0].startsWith("@") && !netloc.includes("@")) {
    platform = "mastodon";
  }
  if (platform === null || netloc.includes("@")) throw new InvalidIdentifier("unknown_site");
  if (expected !== null && platform !== expected) {
    throw new InvalidIdentifier("wrong_platform", { found: platform, expected });
  }
  if (page !== null) throw new InvalidIdentifier(page, { platform });
  if (platform === "mastodon") {
    if (segments.length > 1) throw new InvalidIdentifier("post_link", { platform: "mastodon" });
    checkQuery("mastodon", query);
    // The server as written: m.example.social and example.social are two servers.
    const account = segments[0].slice(1).includes("@") ? segments[0] : `${segments[0]}@${server}`;
    try {
      return mastodon(account);
    } catch (error) {
      // Only a guess from the /@name shape (other sites use it too) unless the menu said so.
      if (expected === "mastodon" || !(error instanceof InvalidIdentifier)) throw error;
      throw new InvalidIdentifier("unknown_site");
    }
  }
  return profile(platform, segments, query);
}
