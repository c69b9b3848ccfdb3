// Identifiers in one canonical spelling: a port of notalone/escrow/identifiers.py.
//
// Canonicalizing happens in the browser so that the identifier never reaches the server, not
// even to be canonicalized. tests/escrow/test_js.py runs this port over the Python test cases
// and checks both give the same string (or both refuse). One known difference: phone numbers
// are reduced to E.164 by rule, without libphonenumber's per-country tables, so a number must be
// written with its country code (+44 20 …) unless it is a 10-digit US/Canada number; and a
// number that libphonenumber would call invalid is not refused here.

export class InvalidIdentifier extends Error {
  constructor(message) {
    super(message);
    this.name = "InvalidIdentifier";
  }
}

const KIND_ALIASES = { twitter: "x", "e-mail": "email", mail: "email", telephone: "phone" };

// platform: [regular expression, case-insensitive?]
const HANDLE_RULES = {
  x: ["[a-z0-9_]{1,15}", true],
  instagram: ["[a-z0-9._]{1,30}", true],
  facebook: ["[a-z0-9.]{5,50}", true],
  tiktok: ["[a-z0-9._]{2,24}", true],
  linkedin: ["[a-z0-9-]{3,100}", true],
  reddit: ["[a-z0-9_-]{3,20}", true],
  snapchat: ["[a-z][a-z0-9._-]{2,14}", true],
  github: ["[a-z0-9](?:[a-z0-9-]{0,38})", true],
  youtube: ["[a-z0-9._-]{3,100}", true],
};
const full = (pattern) => new RegExp(`^(?:${pattern})$`, "u");
const MASTODON_USER = full("[a-z0-9_]{1,30}");
const DOMAIN = full(
  "(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{1,62}",
);
const YOUTUBE_CHANNEL = full("UC[A-Za-z0-9_-]{22}");
const FACEBOOK_ID = full("[0-9]{1,20}");
const HOSTS = {
  "twitter.com": "x",
  "x.com": "x",
  "instagram.com": "instagram",
  "facebook.com": "facebook",
  "fb.com": "facebook",
  "tiktok.com": "tiktok",
  "linkedin.com": "linkedin",
  "reddit.com": "reddit",
  "youtube.com": "youtube",
  "snapchat.com": "snapchat",
  "github.com": "github",
};
const HOST_PREFIXES = ["www.", "m.", "mobile.", "web.", "old.", "new.", "np."];
const RESERVED = {
  x: new Set([
    "home", "i", "search", "explore", "intent", "share", "hashtag", "settings", "messages",
    "notifications", "login", "signup", "tos", "privacy",
  ]),
  instagram: new Set(["p", "reel", "reels", "explore", "stories", "accounts", "direct", "tv"]),
  github: new Set(["orgs", "settings", "login", "explore", "topics", "features", "marketplace"]),
};
const PHONE_CHARACTERS = full("\\+?[0-9()./\\s-]{4,}");

const repr = (text) => `'${text}'`;
const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
// Python's str.casefold(), closely enough for identifiers (ß → ss, ς → σ).
const casefold = (text) => text.toUpperCase().toLowerCase();
const removePrefix = (text, prefix) => (text.startsWith(prefix) ? text.slice(prefix.length) : text);
const partition = (text, separator) => {
  const at = text.indexOf(separator);
  return at < 0 ? [text, "", ""] : [text.slice(0, at), separator, text.slice(at + separator.length)];
};
const rpartition = (text, separator) => {
  const at = text.lastIndexOf(separator);
  return at < 0 ? ["", "", text] : [text.slice(0, at), separator, text.slice(at + separator.length)];
};
const digitCount = (text) => [...text].filter((c) => c >= "0" && c <= "9").length;
const unquote = (text) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

export function canonicalize(raw, { kind = null, defaultRegion = "US" } = {}) {
  const text = raw.normalize("NFKC").trim();
  if (!text) throw new InvalidIdentifier("the identifier is empty");
  if (kind !== null && kind !== undefined && kind !== "") {
    let k = kind.trim().toLowerCase();
    k = has(KIND_ALIASES, k) ? KIND_ALIASES[k] : k;
    return byKind(text, k, defaultRegion);
  }
  const [prefix, , rest] = partition(text, ":");
  const lowered = prefix.toLowerCase();
  if ((["email", "phone", "mastodon"].includes(lowered) || has(HANDLE_RULES, lowered)) && rest) {
    return byKind(rest, lowered, defaultRegion);
  }
  if (text.toLowerCase().startsWith("mailto:")) return email(text.slice("mailto:".length));
  if (text.toLowerCase().startsWith("tel:")) return phone(text.slice("tel:".length), defaultRegion);
  if (full("@[^@\\s/]+@[^@\\s/]+").test(text)) return mastodon(text);
  if (text.includes("@") && !text.startsWith("@") && !text.includes("/")) return email(text);
  if (text.startsWith("@")) {
    throw new InvalidIdentifier(
      `${repr(text)} could be a handle on any platform: say which (for example X or Instagram)`,
    );
  }
  if (PHONE_CHARACTERS.test(text) && digitCount(text) >= 4) return phone(text, defaultRegion);
  if (text.split("/")[0].includes(".") || text.includes("://")) return url(text);
  throw new InvalidIdentifier(
    `${repr(text)} is not an e-mail address, a phone number or a profile link`,
  );
}

function byKind(text, kind, defaultRegion) {
  if (kind === "email") return email(removePrefix(text, "mailto:"));
  if (kind === "phone") return phone(removePrefix(text, "tel:"), defaultRegion);
  if (kind === "mastodon") return text.includes("/") ? url(text, "mastodon") : mastodon(text);
  if (!has(HANDLE_RULES, kind)) throw new InvalidIdentifier(`unknown kind of identifier ${repr(kind)}`);
  if (kind === "youtube" && ["c", "user", "channel"].includes(text.split("/")[0].toLowerCase())) {
    return youtube(text.split("/"), "");
  }
  if (text.includes("/") || text.includes("://")) return url(text, kind);
  return bareHandle(text, kind);
}

function email(text) {
  const address = casefold(text.trim());
  let [local, at, domain] = rpartition(address, "@");
  if (!at || !local || !domain) {
    throw new InvalidIdentifier(`${repr(text)} is not an e-mail address: it needs name@domain`);
  }
  if (/\s/u.test(address) || local.replaceAll('"', "").includes("@")) {
    throw new InvalidIdentifier(`${repr(text)} is not an e-mail address: it has spaces or two @`);
  }
  domain = domain.replace(/\.+$/u, "");
  if (/[^\x00-\x7f]/u.test(domain)) {
    try {
      domain = new URL(`http://${domain}/`).hostname;
    } catch {
      throw new InvalidIdentifier(`${repr(text)} has an invalid domain`);
    }
  }
  if (!DOMAIN.test(domain)) throw new InvalidIdentifier(`${repr(text)} has an invalid domain ${repr(domain)}`);
  return `email:${local}@${domain}`;
}

function phone(text, defaultRegion) {
  let number = text.trim().replaceAll("(0)", "");
  if (number.startsWith("00")) number = "+" + number.slice(2);
  if (!/^\+?[0-9()./\s-]+$/u.test(number)) {
    throw new InvalidIdentifier(`${repr(text)} is not a phone number`);
  }
  let digits = number.replace(/[^0-9]/gu, "");
  if (!number.startsWith("+")) {
    if (defaultRegion !== "US") {
      throw new InvalidIdentifier(
        `${repr(text)}: write the number with its country code, for example +44 20 7946 0000`,
      );
    }
    if (digits.length === 11 && digits.startsWith("1")) digits = digits.slice(1);
    if (digits.length !== 10) {
      throw new InvalidIdentifier(
        `${repr(text)} is not a valid phone number: write it with its country code, ` +
          "for example +1 415 555 0100",
      );
    }
    digits = "1" + digits;
  }
  if (digits.length < 8 || digits.length > 15 || digits.startsWith("0")) {
    throw new InvalidIdentifier(`${repr(text)} is not a valid phone number`);
  }
  if (digits.startsWith("1") && (digits.length !== 11 || /^1[01]/u.test(digits) || /^1\d{3}[01]/u.test(digits))) {
    throw new InvalidIdentifier(`${repr(text)} is not a valid phone number`);
  }
  return `phone:+${digits}`;
}

function handle(value, platform) {
  const [pattern, caseInsensitive] = HANDLE_RULES[platform];
  let name = unquote(value).trim();
  if (caseInsensitive) name = name.toLowerCase();
  if (!name) throw new InvalidIdentifier(`the ${platform} handle is empty`);
  if (!full(pattern).test(name)) throw new InvalidIdentifier(`${repr(value)} is not a valid ${platform} handle`);
  if (RESERVED[platform]?.has(name)) {
    throw new InvalidIdentifier(`${repr(value)} is a ${platform} page, not a profile`);
  }
  return name;
}

function bareHandle(text, platform) {
  const value = removePrefix(text, "@");
  if (platform === "facebook" && FACEBOOK_ID.test(removePrefix(value, "id:"))) {
    return `facebook:id:${removePrefix(value, "id:")}`;
  }
  if (platform === "youtube") {
    if (YOUTUBE_CHANNEL.test(value)) return `youtube:channel/${value}`;
    return `youtube:@${handle(value, "youtube")}`;
  }
  return `${platform}:${handle(value, platform)}`;
}

function mastodon(text) {
  let [user, at, server] = partition(removePrefix(text, "@"), "@");
  if (!at) throw new InvalidIdentifier(`${repr(text)} is not a Mastodon address: it needs @user@server`);
  user = user.toLowerCase();
  server = server.toLowerCase().replace(/\.+$/u, "");
  if (!MASTODON_USER.test(user)) throw new InvalidIdentifier(`${repr(user)} is not a valid Mastodon user name`);
  if (!DOMAIN.test(server)) throw new InvalidIdentifier(`${repr(server)} is not a valid Mastodon server`);
  return `mastodon:${user}@${server}`;
}

function splitUrl(text) {
  const [scheme, , afterScheme] = partition(text, "://");
  const netlocEnd = afterScheme.search(/[/?#]/u);
  const netloc = netlocEnd < 0 ? afterScheme : afterScheme.slice(0, netlocEnd);
  const remainder = netlocEnd < 0 ? "" : afterScheme.slice(netlocEnd);
  const [beforeFragment] = partition(remainder, "#");
  const [path, , query] = partition(beforeFragment, "?");
  let host = rpartition(netloc, "@")[2];
  host = host.replace(/:[0-9]*$/u, "").toLowerCase();
  return { scheme: scheme.toLowerCase(), host, path, query };
}

function url(text, expected = null) {
  const parts = splitUrl(text.includes("://") ? text : "https://" + text);
  if (parts.scheme !== "http" && parts.scheme !== "https") {
    throw new InvalidIdentifier(`${repr(text)} is not a web link`);
  }
  let host = parts.host.replace(/\.+$/u, "");
  for (const prefix of HOST_PREFIXES) host = removePrefix(host, prefix);
  const segments = parts.path.split("/").filter((s) => s).map(unquote);
  let platform = has(HOSTS, host) ? HOSTS[host] : null;
  if (platform === null && segments.length === 1 && segments[0].startsWith("@")) platform = "mastodon";
  if (platform === null) {
    throw new InvalidIdentifier(`${repr(host || text)} is not a site we recognise profile links from`);
  }
  if (expected !== null && platform !== expected) {
    throw new InvalidIdentifier(`${repr(text)} is a ${platform} link, not ${expected}`);
  }
  if (platform === "mastodon") {
    const account = segments[0].slice(1).includes("@") ? segments[0] : `${segments[0]}@${host}`;
    return mastodon(account);
  }
  return PROFILE_PARSERS[platform](segments, parts.query);
}

const firstSegment = (platform) => (segments) => {
  if (!segments.length) throw new InvalidIdentifier(`the ${platform} link has no profile in it`);
  return `${platform}:${handle(removePrefix(segments[0], "@"), platform)}`;
};

const after = (platform, markers) => (segments) => {
  if (segments.length < 2 || !markers.includes(segments[0].toLowerCase())) {
    throw new InvalidIdentifier(`the ${platform} link is not a profile (/${markers[0]}/name)`);
  }
  return `${platform}:${handle(segments[1], platform)}`;
};

function tiktok(segments) {
  if (!segments.length || !segments[0].startsWith("@")) {
    throw new InvalidIdentifier("a TikTok profile link looks like tiktok.com/@name");
  }
  return `tiktok:${handle(segments[0].slice(1), "tiktok")}`;
}

function snapchat(segments) {
  if (segments.length >= 2 && segments[0].toLowerCase() === "add") {
    return `snapchat:${handle(segments[1], "snapchat")}`;
  }
  if (segments.length && segments[0].startsWith("@")) {
    return `snapchat:${handle(segments[0].slice(1), "snapchat")}`;
  }
  throw new InvalidIdentifier("a Snapchat profile link looks like snapchat.com/add/name");
}

function facebook(segments, query) {
  if (segments.length && segments[0].toLowerCase() === "profile.php") {
    const ids = new URLSearchParams(query).getAll("id").filter((v) => v);
    if (ids.length !== 1 || !FACEBOOK_ID.test(ids[0])) {
      throw new InvalidIdentifier("a Facebook profile.php link needs ?id=NUMBER");
    }
    return `facebook:id:${ids[0]}`;
  }
  if (segments.length >= 3 && segments[0].toLowerCase() === "people" && FACEBOOK_ID.test(segments[2])) {
    return `facebook:id:${segments[2]}`;
  }
  if (!segments.length) throw new InvalidIdentifier("the Facebook link has no profile in it");
  return `facebook:${handle(segments[0], "facebook")}`;
}

function youtube(segments) {
  if (segments.length && segments[0].startsWith("@")) {
    return `youtube:@${handle(segments[0].slice(1), "youtube")}`;
  }
  if (segments.length >= 2 && ["c", "user"].includes(segments[0].toLowerCase())) {
    return `youtube:${segments[0].toLowerCase()}/${handle(segments[1], "youtube")}`;
  }
  if (segments.length >= 2 && segments[0].toLowerCase() === "channel") {
    if (!YOUTUBE_CHANNEL.test(segments[1])) {
      throw new InvalidIdentifier(`${repr(segments[1])} is not a YouTube channel id (UC…, 24 chars)`);
    }
    return `youtube:channel/${segments[1]}`;
  }
  throw new InvalidIdentifier("a YouTube link names a channel as /@handle, /c/, /user/ or /channel/");
}

const PROFILE_PARSERS = {
  x: firstSegment("x"),
  instagram: firstSegment("instagram"),
  github: firstSegment("github"),
  facebook,
  tiktok,
  linkedin: after("linkedin", ["in"]),
  reddit: after("reddit", ["u", "user"]),
  youtube,
  snapchat,
};
