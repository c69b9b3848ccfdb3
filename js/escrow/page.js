// The escrow filing page: everything is encrypted here, in the browser, before it is sent.
// Nothing typed is stored in the browser (no localStorage) and nothing is lost on an error:
// the form keeps what was typed until the entry is safely filed.

import { canonicalize, InvalidIdentifier } from "./canonicalize.js";
import * as p from "./protocol.js";

class RefusedError extends Error {}

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
    throw new RefusedError(payload?.detail || `The site answered with an error (HTTP ${response.status}).`);
  }
  return payload;
}

function showError(form, message) {
  const box = form.querySelector("#escrow-errors");
  box.textContent = message + " Nothing you typed has been lost.";
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
      setFieldError(input, `This identifier cannot be used: ${error.message}.`);
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

async function file(form, status) {
  const canonical = canonicalIdentifiers(form);
  if (canonical === null) return;
  if (!canonical.length) throw new RefusedError("Name the person by at least one identifier.");
  if (new Set(canonical).size !== canonical.length) {
    throw new RefusedError("Two of the identifiers are the same person written two ways: keep one of them.");
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
  if (!record.what) throw new RefusedError("Write what happened: it is what the counselor will read.");
  if (!record.contact) throw new RefusedError("Say how the counselor may reach you, or nobody can.");
  status.textContent = "Encrypting in your browser…";
  const config = await api(form, "GET", "/config");
  if (config.counselor_fingerprint !== form.dataset.counselorFingerprint) {
    throw new RefusedError("The counselor's key is not the one this page shows. Nothing was sent; reload the page and compare the fingerprints.");
  }
  const realm = p.fromHex(config.realm);
  const inputs = canonical.map(p.utf8);
  const blinded = inputs.map((input) => p.blind(input));
  status.textContent = "Asking the key guardians…";
  const relayed = await api(form, "POST", "/evaluate", { elements: blinded.map((b) => p.toHex(b.blinded)) });
  const answers = {};
  for (const answer of relayed.answers) {
    if (answer.evaluated) answers[answer.index] = { evaluated: answer.evaluated.map(p.fromHex), proof: p.fromHex(answer.proof) };
  }
  let combined;
  try {
    ({ combined } = p.combineVerified(blinded.map((b) => b.blinded), answers, config.public_shares.map(p.fromHex), config.t));
  } catch (error) {
    if (error instanceof p.NotEnoughGuardians) {
      throw new RefusedError(`Not enough key guardians gave a valid answer, so nothing was filed. ${error.message}`);
    }
    throw error;
  }
  const outputs = inputs.map((input, j) => p.finalize(input, blinded[j].blind, combined[j]));
  const body = await p.sealFiling({
    realm,
    q: config.q,
    counselorPublicKey: p.fromHex(config.counselor_public_key),
    record,
    outputs,
  });
  status.textContent = "Filing the sealed entry…";
  const stored = await api(form, "POST", "/entries", body);
  form.reset();
  status.textContent = "";
  const done = document.getElementById("escrow-done");
  done.querySelector("[data-status]").textContent = stored.status_text;
  done.hidden = false;
  done.focus();
}

function start() {
  const form = document.getElementById("escrow-form");
  if (!form) return;
  const button = form.querySelector("#escrow-submit");
  const status = form.querySelector("#escrow-progress");
  button.disabled = false;
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
      showError(form, error instanceof RefusedError ? error.message : `Something went wrong in the browser: ${error.message}.`);
    } finally {
      button.disabled = false;
    }
  });
}

start();
