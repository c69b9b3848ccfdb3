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

class RefusedError extends Error {}

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
    throw new RefusedError(payload?.detail || format(gettext("The site answered with an error (HTTP {status})."), { status: response.status }));
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

function canonicalIdentifiers(form) {
  const canonical = [];
  let firstBad = null;
  for (const row of form.querySelectorAll("[data-identifier-row]")) {
    const input = row.querySelector("[data-identifier]");
    const kind = row.querySelector("[data-kind]").value || null;
    setFieldError(input, "");
    if (!input.value.trim()) continue;
    try {
      canonical.push(canonicalize(input.value, { kind }));
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

function field(form, id) {
  return form.querySelector("#" + id).value.trim();
}

// Tokens bought in this page and not yet presented, by invite code (memory only).
const bought = new Map();

// Verified-filer mode (ESCROW_PROTOCOL.md §7.3): one invite code per guardian buys one token,
// sealed to that guardian; the token is presented with this filing's blinded elements.
async function tokensFor(form, config, realm, elements) {
  if (config.filers !== "verified") return null;
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
  if (codes.size < config.t) {
    throw new RefusedError(format(gettext("Filing here needs invite codes from {needed} of the organisations that run this site's key guardians; you typed codes from {typed}."), { needed: config.t, typed: codes.size }));
  }
  // Every code is checked before any is redeemed (no token is bought while another code is
  // wrong), and a token bought here is kept for the next try until it is presented, so a typo
  // in one code never costs another code a token.
  const chosen = [...codes.keys()].sort((a, b) => a - b).slice(0, config.t);
  const keys = new Map();
  for (const index of chosen) {
    const facts = config.guardians[index - 1];
    if (!facts?.invite_key || !facts?.token_key) throw new RefusedError(format(gettext("This site has no guardian {index} that issues tokens."), { index }));
    const inviteKey = p.fromHex(facts.invite_key);
    const tokenKey = p.fromHex(facts.token_key);
    if (!p.keysFingerprint(inviteKey, tokenKey).startsWith(codes.get(index).prefix)) {
      throw new RefusedError(format(gettext("The keys this site serves for guardian {index} are not the ones on your invite code. Nothing was sent: tell the organisation that gave you the code."), { index }));
    }
    keys.set(index, { inviteKey, tokenKey });
  }
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
    try {
      bought.set(code, p.finalizeTokens(index, request, answer.evaluated.map(p.fromHex), p.fromHex(answer.proof), tokenKey)[0]);
    } catch {
      throw new RefusedError(format(gettext("Guardian {index}'s token failed its proof, so it was not used. Nothing was filed."), { index }));
    }
  }
  const tokens = {};
  for (const index of chosen) {
    const { code } = codes.get(index);
    tokens[index] = p.authenticateToken(bought.get(code), elements);
    bought.delete(code); // presented once: a token is spent at most once
  }
  return tokens;
}

async function file(form, status) {
  const canonical = canonicalIdentifiers(form);
  if (canonical === null) return;
  if (!canonical.length) throw new RefusedError(gettext("Name the person by at least one identifier."));
  if (new Set(canonical).size !== canonical.length) {
    throw new RefusedError(gettext("Two of the identifiers are the same person written two ways: keep one of them."));
  }
  const record = {
    named: canonical,
    when: field(form, "escrow-when"),
    where: field(form, "escrow-where"),
    what: field(form, "escrow-what"),
    witnesses: field(form, "escrow-witnesses"),
    evidence: field(form, "escrow-evidence"),
    contact: field(form, "escrow-contact"),
  };
  if (!record.what) throw new RefusedError(gettext("Write what happened: it is what the counselor will read."));
  if (!record.contact) throw new RefusedError(gettext("Say how the counselor may reach you, or nobody can."));
  status.textContent = gettext("Encrypting in your browser…");
  const config = await api(form, "GET", "/config");
  if (config.version !== p.PROTOCOL_VERSION) {
    throw new RefusedError("This page and the site use different versions of the escrow protocol. Nothing was sent; reload the page.");
  }
  if (config.counselor_fingerprint !== form.dataset.counselorFingerprint) {
    throw new RefusedError(gettext("The counselor's key is not the one this page shows. Nothing was sent; reload the page and compare the fingerprints."));
  }
  const realm = p.fromHex(config.realm);
  const inputs = canonical.map(p.oprfInput);
  const blinded = inputs.map((input) => p.blind(input));
  status.textContent = gettext("Asking the key guardians…");
  const tokens = await tokensFor(form, config, realm, blinded.map((b) => b.blinded));
  const request = { elements: blinded.map((b) => p.toHex(b.blinded)), ...(tokens ? { tokens } : {}) };
  const relayed = await api(form, "POST", "/evaluate", request);
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
  const outputs = inputs.map((input, j) => p.finalize(input, blinded[j].blind, combined[j]));
  const body = await p.sealFiling({
    realm,
    q: config.q,
    counselorPublicKey: p.fromHex(config.counselor_public_key),
    record,
    outputs,
  });
  status.textContent = gettext("Filing the sealed entry…");
  const stored = await api(form, "POST", "/entries", body);
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
