// Verified-filer tokens in the browser client against tests/escrow/vectors.json "tokens"
// (ESCROW_PROTOCOL.md §7.3): blinding, the issuer's proof, unblinding, the request MAC, the key
// fingerprint, and invite codes sealed to the guardian (Python opens the value written here).
// Run: node --test js/escrow/test/   (tests/escrow/test_js.py runs it)

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { ristretto255_oprf } from "@noble/curves/ed25519.js";
import * as p from "../protocol.js";

const vectors = JSON.parse(readFileSync(new URL("../../../tests/escrow/vectors.json", import.meta.url)));
const t = vectors.tokens;
const h = p.fromHex;

test("tokens: blind, verify the issuer, unblind, authenticate a request", () => {
  const request = p.tokenRequest(2, { nonces: t.issued.map((i) => h(i.nonce)), blinds: t.issued.map((i) => h(i.blind)) });
  assert.deepEqual(request.blinded.map(p.toHex), t.issued.map((i) => i.blinded_element));
  assert.equal(p.toHex(p.tokenInput(h(t.issued[0].nonce))), t.issued[0].token_input);
  assert.equal(p.toHex(p.epochInfo(t.epoch)), t.epoch_info);
  const evaluated = t.issued.map((i) => h(i.evaluated_element));
  const issued = p.finalizeTokens(1, request, evaluated, h(t.proof), h(t.token_key), t.epoch);
  assert.deepEqual(issued.map((token) => p.toHex(token.key)), t.issued.map((i) => i.key));
  const presented = p.authenticateToken(issued[0], t.spent_on.map(h));
  assert.deepEqual(presented, { epoch: t.epoch, nonce: t.issued[0].nonce, mac: t.mac });
  // A proof against another key (a guardian tagging this client) is refused, and so is the
  // right key with another epoch (a guardian dating this client's tokens apart).
  const other = h(vectors.oprf.guardians[0].public_share);
  assert.throws(() => p.finalizeTokens(1, request, evaluated, h(t.proof), other, t.epoch));
  assert.throws(() => p.finalizeTokens(1, request, evaluated, h(t.proof), h(t.token_key), t.epoch + 1));
});

test("tokens: dated with this period only (give or take one)", () => {
  const start = t.epoch * 30 * 86400;
  assert.ok(p.plausibleEpoch(t.epoch, 30, start + 5));
  assert.ok(p.plausibleEpoch(t.epoch, 30, start - 5));
  assert.ok(!p.plausibleEpoch(t.epoch + 2, 30, start));
  assert.ok(!p.plausibleEpoch(t.epoch, undefined, start));
  assert.ok(!p.plausibleEpoch("680", 30, start));
});

test("RFC 9497 A.1.3 POPRF: the library the tokens use, against the RFC's first vector", () => {
  // ristretto255-SHA512, mode 2, Test Vector 1 (Batch Size 1), the values published in RFC 9497.
  const poprf = ristretto255_oprf.poprf(p.utf8("test info"));
  const { secretKey, publicKey } = poprf.deriveKeyPair(h("a3".repeat(32)), p.utf8("test key"));
  assert.equal(p.toHex(secretKey), "145c79c108538421ac164ecbe131942136d5570b16d8bf41a24d4337da981e07");
  assert.equal(p.toHex(publicKey), "c647bef38497bc6ec077c22af65b696efa43bff3b4a1975a3e8e0a1c5a79d631");
  const request = { nonces: [h("00")], blinds: [h("64d37aed22a27f5191de1c1d69fadb899d8862b58eb4220029e036ec4c1f6706")] };
  const blinded = p.blind(h("00"), request.blinds[0], p.POPRF_CONTEXT).blinded;
  assert.equal(p.toHex(blinded), "c8713aa89241d6989ac142f22dba30596db635c772cbf25021fdd8f3d461f715");
  const output = poprf.evaluate(secretKey, h("00"));
  assert.equal(
    p.toHex(output),
    "ca688351e88afb1d841fde4401c79efebb2eb75e7998fa9737bd5a82a152406d38bd29f680504e54fd4587eddcf2f37a2617ac2fbd2993f7bdf45442ace7d221",
  );
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
