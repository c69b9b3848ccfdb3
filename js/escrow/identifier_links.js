// Profile links and handles: a port of notalone/escrow/identifier_links.py (the same tables, the
// same order of checks). A path segment is a username only where the platform puts usernames;
// every platform's own pages are refused with a sentence that says what to paste instead.

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
  PROFILE_TABS[platform] = data.tabs === null ? null : new Set(data.tabs.split(" ").filter((w) => w));
}
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

export function handle(value, platform) {
  const [pattern] = HANDLE_RULES[platform];
  const name = asciiLower(value);
  if (!name) throw new InvalidIdentifier("empty");
  if (!full(pattern).test(name)) throw new InvalidIdentifier(`handle_${platform}`);
  return name;
}

export function bareHandle(text, platform) {
  const value = removePrefix(text, "@");
  if (platform === "facebook" && FACEBOOK_ID.test(removePrefix(value, "id:"))) {
    return `facebook:id:${removePrefix(value, "id:")}`;
  }
  if (platform === "youtube") {
    if (YOUTUBE_CHANNEL.test(value)) return `youtube:channel/${value}`;
    return `youtube:@${handle(value, "youtube")}`;
  }
  const name = handle(value, platform);
  // A name the platform uses for its own pages cannot be anyone's username there.
  const kind = ownPage(platform, name);
  if (kind !== null) throw new InvalidIdentifier(kind, { platform });
  return `${platform}:${name}`;
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
      if (platform === "reddit" && first === "r" && segments.length >= 3) {
        kind = asciiLower(segments[2]) === "s" ? "share_link" : kind;
      }
      if (kind !== null) throw new InvalidIdentifier(kind, { platform });
    }
    found = PARSERS[platform](platform, segments);
  }
  const [identifier, rest] = found;
  const tabs = PROFILE_TABS[platform];
  if (rest.length && tabs !== null && !tabs.has(asciiLower(rest[0]))) throw noProfile(platform);
  return identifier;
}

const noProfile = (platform) =>
  new InvalidIdentifier("no_profile", { platform, example: HANDLE_RULES[platform][1] });

function firstSegment(platform, segments) {
  if (!segments.length) throw noProfile(platform);
  return [`${platform}:${handle(removePrefix(segments[0], "@"), platform)}`, segments.slice(1)];
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
    const ids = [];
    for (const pair of query.split("&")) {
      const at = pair.indexOf("=");
      const [name, value] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
      if (name === "id" && value) ids.push(value);
    }
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
    return [`instagram:${handle(segments[1], "instagram")}`, segments.slice(2)];
  }
  return null;
}

// /users/<name>/...: a GitHub user's own pages (projects, ...).
function github(segments) {
  if (asciiLower(segments[0]) === "users" && segments.length >= 2) {
    return [`github:${handle(segments[1], "github")}`, []];
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
