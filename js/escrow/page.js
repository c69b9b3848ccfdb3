// The escrow filing page: everything is encrypted here, in the browser, before it is sent.
// Nothing typed is stored in the browser (no localStorage) and nothing is lost on an error:
// the form keeps what was typed until the entry is safely filed.

import { canonicalize, InvalidIdentifier } from "./canonicalize.js";
import { MESSAGES, PLATFORM_NAMES } from "./identifier_messages.js";
import * as p from "./protocol.js";

// The reader's language: the catalog (djangojs) comes from this site, in the page's language;
// without it every sentence stays in English, and nothing else changes.
let catalog = {};

async function loadCatalog(url) {
  try {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    catalog = (await response.json()).catalog || {};
  } catch {
    catalog = {};
  }
}

function gettext(msgid) {
  const translated = catalog[msgid];
  return typeof translated === "string" && translated ? translated : msgid;
}

function format(template, params) {
  return template.replace(/\{(\w+)\}/gu, (whole, name) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

function identifierMessage(error) {
  const params = {};
  for (const [name, value] of Object.entries(error.params || {})) {
    params[name] = Object.hasOwn(PLATFORM_NAMES, value) ? PLATFORM_NAMES[value] : value;
  }
  return format(gettext(MESSAGES[error.key]), params);
}

class RefusedError extends Error {
  constructor(message, code = null, body = null) {
    super(message);
    // The stable error code the site (or a guardian through it) answered with, if any
    // (ESCROW_PROTOCOL.md §7, "Error codes"): the message is already in the reader's language.
    this.code = code;
    this.body = body;
  }
}

// Too few guardians answered with a valid proof: what the survivor reads.
function notEnoughGuardians(error) {
  const counts = format(gettext("Valid answers: {valid}; needed: {needed}."), { valid: error.valid, needed: error.needed });
  const failed = error.failed.length
    ? " " + format(gettext("Guardians whose answers failed their proof: {guardians}."), { guardians: error.failed.join(", ") })
    : "";
  return new RefusedError(gettext("Not enough key guardians gave a valid answer, so nothing was filed.") + " " + counts + failed);
}

async function api(form, method, path, body = null) {
  const response = await fetch(form.dataset.api + path, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": form.dataset.csrf, Accept: "application/json" },
    body: body === null ? null : JSON.stringify(body),
  });
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (!response.ok) {
    throw new RefusedError(payload?.detail || format(gettext("The site answered with an error (HTTP {status})."), { status: response.status }), typeof payload?.code === "string" ? payload.code : null, payload);
  }
  return payload;
}

function showError(form, message) {
  const box = form.querySelector("#escrow-errors");
  box.textContent = message + " " + gettext("Nothing you typed has been lost.");
  box.hidden = false;
  box.focus();
}

function setFieldError(input, message) {
  const error = document.getElementById(input.id + "-error");
  error.textContent = message;
  error.hidden = !message;
  input.setAttribute("aria-invalid", message ? "true" : "false");
}

// What was written for each identifier (and the platform chosen for it), in the order of the
// canonical forms: the record's "typed", which the counselor reads beside "named".
function canonicalIdentifiers(form, typed = []) {
  const canonical = [];
  let firstBad = null;
  for (const row of form.querySelectorAll("[data-identifier-row]")) {
    const input = row.querySelector("[data-identifier]");
    const kind = row.querySelector("[data-kind]").value || null;
    setFieldError(input, "");
    if (!input.value.trim()) continue;
    try {
      canonical.push(canonicalize(input.value, { kind }));
      typed.push({ text: input.value, kind: kind || "" });
    } catch (error) {
      if (!(error instanceof InvalidIdentifier)) throw error;
      // The sentence says the rule and what to paste instead (identifier_messages.js).
      setFieldError(input, identifierMessage(error));
      firstBad ??= input;
    }
  }
  if (firstBad) {
    firstBad.focus();
    return null;
  }
  return canonical;
}

// Under each identifier, as soon as it is typed: how it will be filed (its canonical form, which
// other survivors' entries must reach to match), or why it cannot be. Computed here, in the
// browser: nothing is sent.
function showReading(row) {
  const input = row.querySelector("[data-identifier]");
  const kind = row.querySelector("[data-kind]").value || null;
  const reading = document.getElementById(input.id + "-reading");
  reading.hidden = true;
  setFieldError(input, "");
  if (!input.value.trim()) return;
  try {
    reading.textContent = format(gettext("It will be filed as: {identifier}"), { identifier: canonicalize(input.value, { kind }) });
    reading.hidden = false;
  } catch (error) {
    if (!(error instanceof InvalidIdentifier)) throw error;
    setFieldError(input, identifierMessage(error));
  }
}

function field(form, id) {
  return form.querySelector("#" + id).value.trim();
}

// Each invite code typed, by guardian; a line that is not a code is refused by name.
function typedCodes(form) {
  const codes = new Map();
  for (const line of field(form, "escrow-codes").split("\n")) {
    if (!line.trim()) continue;
    let parsed;
    try {
      parsed = p.parseInviteCode(line);
    } catch {
      throw new RefusedError(format(gettext("\"{code}\" is not an invite code: check what you typed."), { code: line.trim() }));
    }
    codes.set(parsed.guardian, parsed);
  }
  return codes;
}

// A guardian's invite and token keys as this site serves them, checked against the code's
// fingerprint before anything is sent.
function inviteKeys(config, index, code) {
  const facts = config.guardians[index - 1];
  if (!facts?.invite_key || !facts?.token_key) throw new RefusedError(format(gettext("This site has no guardian {index} that issues tokens."), { index }));
  const inviteKey = p.fromHex(facts.invite_key);
  const tokenKey = p.fromHex(facts.token_key);
  if (!p.keysFingerprint(inviteKey, tokenKey).startsWith(code.prefix)) {
    throw new RefusedError(format(gettext("The keys this site serves for guardian {index} are not the ones on your invite code. Nothing was sent: tell the organisation that gave you the code."), { index }));
  }
  return { inviteKey, tokenKey };
}

// "Check the codes": each code's guardian says whether it is good and how many tokens it can
// still buy this period; nothing is bought. The site and each guardian limit checks per day.
async function checkCodes(form, out) {
  out.textContent = "";
  try {
    const config = await api(form, "GET", "/config");
    const codes = typedCodes(form);
    if (!codes.size) throw new RefusedError(gettext("Type your invite codes first, one per line."));
    const realm = p.fromHex(config.realm);
    const lines = [];
    for (const [index, code] of [...codes.entries()].sort((a, b) => a[0] - b[0])) {
      try {
        const { inviteKey } = inviteKeys(config, index, code);
        const sealed = await p.sealInviteCheck(inviteKey, realm, index, code.code);
        const answer = await api(form, "POST", "/check-invite", { guardian: index, code: p.toHex(sealed) });
        // Periods are counted from the Unix epoch in UTC (ESCROW_PROTOCOL.md §7.3).
        const ends = new Date(answer.period_ends * 1000).toISOString().slice(0, 10);
        lines.push(format(gettext("Code for guardian {index}: good; it can buy {left} more tokens until {date} (UTC)."), { index, left: answer.tokens_left, date: ends }));
      } catch (error) {
        if (!(error instanceof RefusedError)) throw error;
        lines.push(format(gettext("Code for guardian {index}: {reason}"), { index, reason: error.message }));
      }
    }
    out.textContent = lines.join(" ");
  } catch (error) {
    out.textContent = error instanceof RefusedError ? error.message : format(gettext("Something went wrong in the browser: {reason}."), { reason: error.message });
  }
}

// Tokens bought in this page and not yet presented, by invite code (memory only).
const bought = new Map();

// Verified-filer mode (ESCROW_PROTOCOL.md §7.3): one invite code per guardian buys one token,
// sealed to that guardian; the token is presented with this filing's blinded elements.
async function tokensFor(form, config, realm, elements) {
  if (config.filers !== "verified") return null;
  const codes = typedCodes(form);
  if (codes.size < config.t) {
    throw new RefusedError(format(gettext("Filing here needs invite codes from {needed} of the organisations that run this site's key guardians; you typed codes from {typed}."), { needed: config.t, typed: codes.size }));
  }
  // Every code is checked before any is redeemed (no token is bought while another code is
  // wrong), and a token bought here is kept for the next try until it is presented, so a typo
  // in one code never costs another code a token.
  const chosen = [...codes.keys()].sort((a, b) => a - b).slice(0, config.t);
  const keys = new Map();
  for (const index of chosen) keys.set(index, inviteKeys(config, index, codes.get(index)));
  for (const index of chosen) {
    const { code } = codes.get(index);
    if (bought.has(code)) continue;
    const { inviteKey, tokenKey } = keys.get(index);
    const request = p.tokenRequest(1);
    const sealed = await p.sealInvite(inviteKey, realm, index, code, request.blinded);
    let answer;
    try {
      answer = await api(form, "POST", "/redeem", { guardian: index, code: p.toHex(sealed), elements: request.blinded.map(p.toHex) });
    } catch (error) {
      if (!(error instanceof RefusedError)) throw error;
      throw new RefusedError(format(gettext("The invite code for guardian {index} was refused: {reason} Correct that code; the others you typed keep what they bought."), { index, reason: error.message }));
    }
    if (!p.plausibleEpoch(answer.epoch, config.guardians?.[index - 1]?.period_days)) {
      throw new RefusedError(format(gettext("Guardian {index}'s token failed its proof, so it was not used. Nothing was filed."), { index }));
    }
    try {
      bought.set(code, p.finalizeTokens(index, request, answer.evaluated.map(p.fromHex), p.fromHex(answer.proof), tokenKey, answer.epoch)[0]);
    } catch {
      throw new RefusedError(format(gettext("Guardian {index}'s token failed its proof, so it was not used. Nothing was filed."), { index }));
    }
  }
  const tokens = {};
  const codeOf = {};
  for (const index of chosen) {
    const { code } = codes.get(index);
    tokens[index] = p.authenticateToken(bought.get(code), elements);
    codeOf[index] = code;
  }
  // Called with the guardians that spent their token (every one asked when the filing was
  // evaluated; when it was refused, only those the site names in "evaluated_by": the site has
  // every guardian check a request before any evaluates, so a refusal usually spends none).
  const spent = (indexes) => {
    for (const index of indexes) if (codeOf[index]) bought.delete(codeOf[index]);
  };
  return { tokens, spent };
}

// The OPRF output of each identifier evaluated in this page, by canonical form (memory only, as
// secret as the identifier): when the site refuses a filing after the guardians answered (an
// identifier this account already named, say), filing again does not spend their evaluations
// (or a token) again for the identifiers already evaluated.
const evaluatedOutputs = new Map();

// The largest record the site stores (services.RECORD_CT_MAX_SIZE) less the AEAD's 28 bytes:
// checked before the guardians are asked, so a record too long costs no evaluation.
const RECORD_MAX_BYTES = 64 * 1024 - 28;

// The OPRF outputs of ``canonical``: blind, relay through the site, verify, combine, finalize.
async function evaluateAll(form, config, realm, canonical, status) {
  const inputs = canonical.map(p.oprfInput);
  const blinded = inputs.map((input) => p.blind(input));
  status.textContent = gettext("Asking the key guardians…");
  const paid = await tokensFor(form, config, realm, blinded.map((b) => b.blinded));
  const tokens = paid?.tokens;
  // The protocol version travels with every filing request: the site refuses any other (§14).
  const request = { version: p.PROTOCOL_VERSION, elements: blinded.map((b) => p.toHex(b.blinded)), ...(tokens ? { tokens } : {}) };
  let relayed;
  try {
    relayed = await api(form, "POST", "/evaluate", request);
  } catch (error) {
    if (paid && error instanceof RefusedError) {
      // A spent or expired token is of no further use: the next try buys new ones (tokens
      // bought together expire together). What was typed stays in the page.
      const useless = ["token_spent", "token_expired"].includes(error.code);
      paid.spent([...(error.body?.evaluated_by || []), ...(useless ? Object.keys(tokens).map(Number) : [])]);
    }
    throw error;
  }
  paid?.spent(Object.keys(tokens).map(Number));
  const answers = {};
  const collect = (body) => {
    for (const answer of body.answers) {
      if (answer.evaluated) answers[answer.index] = { evaluated: answer.evaluated.map(p.fromHex), proof: p.fromHex(answer.proof) };
    }
  };
  collect(relayed);
  const elements = blinded.map((b) => b.blinded);
  const shares = config.public_shares.map(p.fromHex);
  let combined;
  try {
    ({ combined } = p.combineVerified(elements, answers, shares, config.t));
  } catch (error) {
    if (!(error instanceof p.NotEnoughGuardians)) throw error;
    // The platform asks only t guardians; when an answer fails its proof, ask the others.
    const asked = new Set(relayed.answers.map((answer) => answer.index));
    const rest = Array.from({ length: config.n }, (_, i) => i + 1).filter((i) => !asked.has(i));
    if (!error.failed.length || !rest.length || tokens) {
      throw notEnoughGuardians(error);
    }
    for (const index of error.failed) delete answers[index];
    collect(await api(form, "POST", "/evaluate", { ...request, guardians: rest }));
    try {
      ({ combined } = p.combineVerified(elements, answers, shares, config.t));
    } catch (again) {
      if (!(again instanceof p.NotEnoughGuardians)) throw again;
      throw notEnoughGuardians(again);
    }
  }
  return inputs.map((input, j) => p.finalize(input, blinded[j].blind, combined[j]));
}

async function file(form, status) {
  const typed = [];
  const canonical = canonicalIdentifiers(form, typed);
  if (canonical === null) return;
  if (!canonical.length) throw new RefusedError(gettext("Name the person by at least one identifier."));
  if (new Set(canonical).size !== canonical.length) {
    throw new RefusedError(gettext("Two of the identifiers are the same person written two ways: keep one of them."));
  }
  const record = {
    named: canonical,
    typed,
    when: field(form, "escrow-when"),
    where: field(form, "escrow-where"),
    what: field(form, "escrow-what"),
    witnesses: field(form, "escrow-witnesses"),
    evidence: field(form, "escrow-evidence"),
    contact: field(form, "escrow-contact"),
  };
  if (!record.what) throw new RefusedError(gettext("Write what happened: it is what the counselor will read."));
  if (!record.contact) throw new RefusedError(gettext("Say how the counselor may reach you, or nobody can."));
  if (new TextEncoder().encode(JSON.stringify(record)).length > RECORD_MAX_BYTES) {
    throw new RefusedError(gettext("What you wrote is too long to file: shorten it."));
  }
  status.textContent = gettext("Encrypting in your browser…");
  const config = await api(form, "GET", "/config");
  if (config.version !== p.PROTOCOL_VERSION) {
    throw new RefusedError(gettext("This page and the site use different versions of the escrow protocol. Nothing was sent; reload the page."));
  }
  if (config.counselor_fingerprint !== form.dataset.counselorFingerprint) {
    throw new RefusedError(gettext("The counselor's key is not the one this page shows. Nothing was sent; reload the page and compare the fingerprints."));
  }
  const realm = p.fromHex(config.realm);
  const missing = canonical.filter((c) => !evaluatedOutputs.has(c));
  if (missing.length) {
    const found = await evaluateAll(form, config, realm, missing, status);
    missing.forEach((c, j) => evaluatedOutputs.set(c, found[j]));
  }
  const outputs = canonical.map((c) => evaluatedOutputs.get(c));
  const body = await p.sealFiling({
    realm,
    q: config.q,
    counselorPublicKey: p.fromHex(config.counselor_public_key),
    record,
    outputs,
  });
  status.textContent = gettext("Filing the sealed entry…");
  const stored = await api(form, "POST", "/entries", { version: p.PROTOCOL_VERSION, ...body });
  evaluatedOutputs.clear();
  form.reset();
  status.textContent = "";
  const done = document.getElementById("escrow-done");
  done.querySelector("[data-status]").textContent = stored.status_text;
  done.hidden = false;
  done.focus();
}

async function start() {
  const form = document.getElementById("escrow-form");
  if (!form) return;
  await loadCatalog(form.dataset.catalog);
  const button = form.querySelector("#escrow-submit");
  const status = form.querySelector("#escrow-progress");
  button.disabled = false;
  // The form is hidden until now: without this script, only the explanation shows.
  form.hidden = false;
  document.getElementById("escrow-needs-js")?.setAttribute("hidden", "");
  for (const row of form.querySelectorAll("[data-identifier-row]")) {
    row.addEventListener("change", () => showReading(row));
  }
  form.addEventListener("reset", () => {
    for (const reading of form.querySelectorAll("[data-reading]")) reading.hidden = true;
  });
  const check = form.querySelector("#escrow-check-codes");
  if (check) {
    check.hidden = false;
    check.addEventListener("click", async () => {
      check.disabled = true;
      try {
        await checkCodes(form, form.querySelector("#escrow-codes-status"));
      } finally {
        check.disabled = false;
      }
    });
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const errors = form.querySelector("#escrow-errors");
    errors.hidden = true;
    errors.textContent = "";
    document.getElementById("escrow-done").hidden = true;
    button.disabled = true;
    try {
      await file(form, status);
    } catch (error) {
      status.textContent = "";
      showError(form, error instanceof RefusedError ? error.message : format(gettext("Something went wrong in the browser: {reason}."), { reason: error.message }));
    } finally {
      button.disabled = false;
    }
  });
}

start();
