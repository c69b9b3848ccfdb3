// Profile links and handles: a port of notalone/escrow/identifier_links.py (the same tables, the
// same order of checks). A link is read only when it is a profile address (the platform's profile
// shape, at most one profile tab, only query parameters on the allow-list); content (a post, a
// comment, a repository, a comment_id) and the platform's own pages are refused with a sentence
// that says what to paste instead.

import { InvalidIdentifier } from "./identifier_messages.js";
import PAGES from "../../notalone/escrow/platform_pages.json" with { type: "json" };

const full = (pattern) => new RegExp(`^(?:${pattern})$`, "u");

// platform: [handle pattern after ASCII lower-casing, example of a profile address]
export const HANDLE_RULES = {
  x: ["[a-z0-9_]{1,15}", "x.com/name"],
  instagram: ["[a-z0-9._]{1,30}", "instagram.com/name"],
  facebook: ["[a-z0-9.]{5,50}", "facebook.com/name"],
  tiktok: ["[a-z0-9._]{2,24}", "tiktok.com/@name"],
  linkedin: ["[a-z0-9-]{3,100}", "linkedin.com/in/name"],
  reddit: ["[a-z0-9_-]{3,20}", "reddit.com/user/name"],
  youtube: ["[a-z0-9._-]{3,100}", "youtube.com/@name"],
  snapchat: ["[a-z][a-z0-9._-]{2,14}", "snapchat.com/add/name"],
  github: ["[a-z0-9][a-z0-9-]{0,38}", "github.com/name"],
};
// Platforms whose names may be in other alphabets: such a name gets its own refusal.
const NON_LATIN_NAMES = ["youtube", "linkedin"];
const NON_ASCII = /[^\x00-\x7f]/u;
const ARRAY_SUFFIX = /(?:\[[0-9]*\]|%5b[0-9]*%5d)$/u;
export const MASTODON_USER = full("[a-z0-9_]{1,30}");
const YOUTUBE_CHANNEL = full("UC[A-Za-z0-9_-]{22}");
const FACEBOOK_ID = full("[0-9]{1,20}");

export const HOSTS = {
  "twitter.com": "x",
  "x.com": "x",
  "instagram.com": "instagram",
  "instagr.am": "instagram",
  "facebook.com": "facebook",
  "fb.com": "facebook",
  "tiktok.com": "tiktok",
  "linkedin.com": "linkedin",
  "reddit.com": "reddit",
  "youtube.com": "youtube",
  "snapchat.com": "snapchat",
  "github.com": "github",
  "story.snapchat.com": "snapchat",
};
export const OTHER_HOSTS = {
  "t.co": ["x", "share_link"],
  "fb.me": ["facebook", "share_link"],
  "fb.watch": ["facebook", "post_link"],
  "l.facebook.com": ["facebook", "redirect_link"],
  "lm.facebook.com": ["facebook", "redirect_link"],
  "vm.tiktok.com": ["tiktok", "share_link"],
  "vt.tiktok.com": ["tiktok", "share_link"],
  "lnkd.in": ["linkedin", "share_link"],
  "redd.it": ["reddit", "post_link"],
  "youtu.be": ["youtube", "post_link"],
  "t.snapchat.com": ["snapchat", "share_link"],
  "gist.github.com": ["github", "post_link"],
};
export const HOST_PREFIXES = ["www.", "m.", "mobile.", "web.", "touch.", "mbasic.", "old.", "new.", "np."];
export const REGIONAL_HOST = full("(?:[a-z]{2}|[a-z]{2}-[a-z]{2})\\.(linkedin\\.com|facebook\\.com)");

// Which paths are profiles: one file, read by both ports (see identifier_links.py).
const NON_PROFILE = {};
const PAGE_SUFFIXES = {};
const PROFILE_TABS = {};
for (const [platform, data] of Object.entries(PAGES.platforms)) {
  NON_PROFILE[platform] = new Map();
  for (const [kind, words] of Object.entries(data.pages)) {
    for (const word of words.split(" ").filter((w) => w)) NON_PROFILE[platform].set(word, kind);
  }
  PAGE_SUFFIXES[platform] = [];
  for (const [kind, endings] of Object.entries(data.page_suffixes)) {
    for (const ending of endings.split(" ").filter((w) => w)) PAGE_SUFFIXES[platform].push([ending, kind]);
  }
  PROFILE_TABS[platform] = new Set(data.tabs.split(" ").filter((w) => w));
}
// Query parameters that change nothing about whose profile it is, and what a name ending with
// "." is ("strip", "refuse", "ignored": see identifier_links.py).
const words = (text) => text.split(" ").filter((w) => w);
const HARMLESS_QUERY = words(PAGES.harmless_query);
const PROFILE_QUERY = { mastodon: new Set(HARMLESS_QUERY) };
const TRAILING_PERIOD = {};
for (const [platform, data] of Object.entries(PAGES.platforms)) {
  PROFILE_QUERY[platform] = new Set([...HARMLESS_QUERY, ...words(data.query)]);
  TRAILING_PERIOD[platform] = data.trailing_period;
}
const MASTODON_EXAMPLE = "mastodon.social/@name";
// Fediverse servers that are a platform's, spelled one way, with the platform's name syntax.
export const KNOWN_SERVERS = {
  "threads.net": ["threads.net", "[a-z0-9._]{1,30}"],
  "threads.com": ["threads.net", "[a-z0-9._]{1,30}"],
};

// Only A-Z become a-z: nothing else is folded.
export const asciiLower = (text) => text.replace(/[A-Z]/gu, (c) => c.toLowerCase());
const removePrefix = (text, prefix) => (text.startsWith(prefix) ? text.slice(prefix.length) : text);

// The refusal a first segment (or bare name) gets when it is one of the platform's own pages:
// its words, then its endings such as Facebook's .php.
export function ownPage(platform, name) {
  const kind = NON_PROFILE[platform].get(name);
  if (kind !== undefined) return kind;
  const ending = PAGE_SUFFIXES[platform].find(([end]) => name.endsWith(end));
  return ending === undefined ? null : ending[1];
}

// A name ending with "." loses it where no name can end with one and is refused where one may;
// Facebook ignores periods in usernames, so they are all removed there.
export function handle(value, platform) {
  const [pattern] = HANDLE_RULES[platform];
  let name = asciiLower(value);
  if (name.endsWith(".") && name.replace(/^\.+|\.+$/gu, "")) {
    if (TRAILING_PERIOD[platform] === "refuse") throw new InvalidIdentifier(`${platform}_trailing_period`);
    if (TRAILING_PERIOD[platform] === "strip") name = name.replace(/\.+$/u, "");
  }
  if (!name) throw new InvalidIdentifier("empty");
  if (!full(pattern).test(name)) {
    // Other alphabets need the platform's script rules (UTS #39) to compare safely: refused.
    if (NON_LATIN_NAMES.includes(platform) && NON_ASCII.test(name)) throw new InvalidIdentifier(`${platform}_non_latin`);
    throw new InvalidIdentifier(`handle_${platform}`);
  }
  if (TRAILING_PERIOD[platform] === "ignored") {
    name = name.replaceAll(".", "");
    // Digits only: the address of a numbered profile, another namespace.
    if (FACEBOOK_ID.test(name)) throw new InvalidIdentifier(`handle_${platform}`);
  }
  return name;
}

export function bareHandle(text, platform) {
  const value = removePrefix(text, "@");
  if (platform === "facebook" && FACEBOOK_ID.test(removePrefix(value, "id:"))) {
    return `facebook:id:${removePrefix(value, "id:")}`;
  }
  // A handle, always: a channel id is read only after channel/.
  if (platform === "youtube") return `youtube:@${handle(value, "youtube")}`;
  return `${platform}:${username(value, platform)}`;
}

// A username where the platform also has its own pages: a name it uses for them (as written, or
// as the platform reads it: without a final full stop, without periods on Facebook) cannot be
// anyone's username there.
export function username(value, platform) {
  const name = handle(value, platform);
  const written = asciiLower(value);
  const kind =
    ownPage(platform, written) ??
    ownPage(platform, written.replace(/\.+$/u, "")) ?? // sharer.php. is still sharer.php
    ownPage(platform, name);
  if (kind !== null) throw new InvalidIdentifier(kind, { platform });
  return name;
}

export function profile(platform, segments, query) {
  const special = SPECIAL[platform];
  let found = special && segments.length ? special(segments, query) : null;
  if (found === null) {
    if (segments.length) {
      let first = asciiLower(segments[0]);
      // x.com/@home is x.com/home: the parser drops the @, so the check does too.
      if (PARSERS[platform] === firstSegment) first = removePrefix(first, "@");
      let kind = ownPage(platform, first);
      if (platform === "reddit" && ["r", "u", "user"].includes(first) && segments.length >= 3) {
        kind = asciiLower(segments[2]) === "s" ? "share_link" : kind;
      }
      if (kind !== null) throw new InvalidIdentifier(kind, { platform });
    }
    found = PARSERS[platform](platform, segments);
  }
  const [identifier, rest] = found;
  if (rest.length && !PROFILE_TABS[platform].has(rest.map(asciiLower).join("/"))) {
    throw beyondProfile(platform);
  }
  const numbered = platform === "facebook" && asciiLower(segments[0]) === "profile.php"; // ?id=N
  checkQuery(platform, query, numbered ? ["id"] : []);
  return identifier;
}

// Refuse a query parameter that is not known to leave a profile address a profile: comment_id,
// lc and the like point at content, whose author may be anyone.
export function checkQuery(platform, query, also = []) {
  const allowed = PROFILE_QUERY[platform];
  for (const [name] of queryPairs(query)) {
    // Facebook's __cft__[0]: an array parameter is its name.
    const key = asciiLower(name).replace(ARRAY_SUFFIX, "");
    if (key && !allowed.has(key) && !also.includes(key)) throw beyondProfile(platform);
  }
}

export function beyondProfile(platform) {
  const example = platform === "mastodon" ? MASTODON_EXAMPLE : HANDLE_RULES[platform][1];
  return new InvalidIdentifier("beyond_profile", { platform, example });
}

function queryPairs(query) {
  // "&amp;": a link copied from a page's HTML source keeps its escaping.
  return query.replaceAll("&amp;", "&").split("&").map((pair) => {
    const at = pair.indexOf("=");
    return at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
  });
}

const noProfile = (platform) =>
  new InvalidIdentifier("no_profile", { platform, example: HANDLE_RULES[platform][1] });

function firstSegment(platform, segments) {
  if (!segments.length) throw noProfile(platform);
  return [`${platform}:${username(removePrefix(segments[0], "@"), platform)}`, segments.slice(1)];
}

const afterMarker = (markers) => (platform, segments) => {
  if (segments.length < 2 || !markers.includes(asciiLower(segments[0]))) throw noProfile(platform);
  return [`${platform}:${handle(segments[1], platform)}`, segments.slice(2)];
};

function atName(platform, segments) {
  if (platform === "snapchat" && segments.length >= 2 && asciiLower(segments[0]) === "add") {
    return [`snapchat:${handle(segments[1], "snapchat")}`, segments.slice(2)];
  }
  if (!segments.length || !segments[0].startsWith("@")) throw noProfile(platform);
  return [`${platform}:${handle(segments[0].slice(1), platform)}`, segments.slice(1)];
}

// Numbered profiles: /profile.php?id=N, /people/<name>/N and /N are one namespace.
function facebook(segments, query) {
  const first = asciiLower(segments[0]);
  if (first === "profile.php") {
    const ids = queryPairs(query)
      .filter(([name, value]) => name === "id" && value)
      .map(([, value]) => value);
    if (ids.length !== 1 || !FACEBOOK_ID.test(ids[0])) throw new InvalidIdentifier("facebook_id");
    return [`facebook:id:${ids[0]}`, []];
  }
  if (first === "people") {
    if (segments.length < 3 || !FACEBOOK_ID.test(segments[2])) throw new InvalidIdentifier("facebook_id");
    return [`facebook:id:${segments[2]}`, segments.slice(3)];
  }
  if (FACEBOOK_ID.test(first)) return [`facebook:id:${first}`, segments.slice(1)];
  return null;
}

// /_u/<name>: the Instagram app's deep link to a profile.
function instagram(segments) {
  if (asciiLower(segments[0]) === "_u" && segments.length >= 2) {
    return [`instagram:${username(segments[1], "instagram")}`, segments.slice(2)];
  }
  return null;
}

// /users/<name>/...: a GitHub user's own pages (projects, ...).
function github(segments) {
  if (asciiLower(segments[0]) === "users" && segments.length >= 2) {
    return [`github:${username(segments[1], "github")}`, segments.slice(2)];
  }
  return null;
}

function youtube(platform, segments) {
  const first = segments.length ? asciiLower(segments[0]) : "";
  if (segments.length && segments[0].startsWith("@")) {
    return [`youtube:@${handle(segments[0].slice(1), "youtube")}`, segments.slice(1)];
  }
  if (segments.length >= 2 && (first === "c" || first === "user")) {
    return [`youtube:${first}/${handle(segments[1], "youtube")}`, segments.slice(2)];
  }
  if (segments.length >= 2 && first === "channel") {
    if (!YOUTUBE_CHANNEL.test(segments[1])) throw new InvalidIdentifier("youtube_channel_id");
    return [`youtube:channel/${segments[1]}`, segments.slice(2)];
  }
  throw noProfile(platform);
}

const SPECIAL = { facebook, instagram, github };
const PARSERS = {
  x: firstSegment,
  instagram: firstSegment,
  github: firstSegment,
  facebook: firstSegment,
  tiktok: atName,
  snapchat: atName,
  linkedin: afterMarker(["in"]),
  reddit: afterMarker(["u", "user"]),
  youtube,
};
