// Verified-filer tokens in the browser client against tests/escrow/vectors.json "tokens"
// (ESCROW_PROTOCOL.md §7.3): blinding, the issuer's proof, unblinding, the request MAC, the key
// fingerprint, and invite codes sealed to the guardian (Python opens the value written here).
// Run: node --test js/escrow/test/   (tests/escrow/test_js.py runs it)

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import * as p from "../protocol.js";

const vectors = JSON.parse(readFileSync(new URL("../../../tests/escrow/vectors.json", import.meta.url)));
const t = vectors.tokens;
const h = p.fromHex;

test("tokens: blind, verify the issuer, unblind, authenticate a request", () => {
  const request = p.tokenRequest(2, { nonces: t.issued.map((i) => h(i.nonce)), blinds: t.issued.map((i) => h(i.blind)) });
  assert.deepEqual(request.blinded.map(p.toHex), t.issued.map((i) => i.blinded_element));
  assert.equal(p.toHex(p.tokenInput(h(t.issued[0].nonce))), t.issued[0].token_input);
  const issued = p.finalizeTokens(1, request, t.issued.map((i) => h(i.evaluated_element)), h(t.proof), h(t.token_key));
  assert.deepEqual(issued.map((token) => p.toHex(token.key)), t.issued.map((i) => i.key));
  const presented = p.authenticateToken(issued[0], t.spent_on.map(h));
  assert.deepEqual(presented, { nonce: t.issued[0].nonce, mac: t.mac });
  // A proof against another key (a guardian tagging this client) is refused.
  const other = h(vectors.oprf.guardians[0].public_share);
  assert.throws(() => p.finalizeTokens(1, request, t.issued.map((i) => h(i.evaluated_element)), h(t.proof), other));
});

test("invite codes: parsed, fingerprinted, sealed to the guardian", async () => {
  const parsed = p.parseInviteCode(` ${t.code.toUpperCase()} `);
  assert.equal(parsed.code, t.code);
  assert.equal(parsed.guardian, 1);
  assert.equal(p.keysFingerprint(h(t.invite_key), h(t.token_key)), t.keys_fingerprint);
  assert.ok(t.keys_fingerprint.startsWith(parsed.prefix));
  assert.throws(() => p.parseInviteCode("1-abc-def"));
  const blinded = t.issued.map((i) => h(i.blinded_element));
  const sealed = await p.sealInvite(h(t.invite_key), h(vectors.realm), 1, t.code, blinded);
  const info = h(t.invite_info);
  assert.equal(new TextDecoder().decode(await p.hpkeOpen(h(t.invite_secret), info, h(t.invite_aad), sealed)), t.code);
  const fromPython = await p.hpkeOpen(h(t.invite_secret), info, h(t.invite_aad), h(vectors.sealed_invites.python));
  assert.equal(new TextDecoder().decode(fromPython), t.code);
  if (process.env.NOTALONE_JS_INVITE_OUT) writeFileSync(process.env.NOTALONE_JS_INVITE_OUT, p.toHex(sealed));
});

test("invite codes: sealed for a check, which buys nothing", async () => {
  // The check's aad is "NotAlone invite check v2" (24 bytes), never a redemption's 32-byte hash.
  assert.equal(p.toHex(p.INVITE_CHECK_AAD), "4e6f74416c6f6e6520696e7669746520636865636b207632");
  const sealed = await p.sealInviteCheck(h(t.invite_key), h(vectors.realm), 1, t.code);
  const opened = await p.hpkeOpen(h(t.invite_secret), h(t.invite_info), p.INVITE_CHECK_AAD, sealed);
  assert.equal(new TextDecoder().decode(opened), t.code);
  await assert.rejects(p.hpkeOpen(h(t.invite_secret), h(t.invite_info), h(t.invite_aad), sealed));
  if (process.env.NOTALONE_JS_INVITE_CHECK_OUT) writeFileSync(process.env.NOTALONE_JS_INVITE_CHECK_OUT, p.toHex(sealed));
});
