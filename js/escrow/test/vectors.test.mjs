// The browser client reproduces tests/escrow/vectors.json byte for byte and opens Python's
// sealed values; its own sealed values are written for Python to open (ESCROW_PROTOCOL.md §12).
// Run: node --test js/escrow/test/   (tests/escrow/test_js.py runs it when node is present)

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { x25519 } from "@noble/curves/ed25519.js";
import { canonicalize } from "../canonicalize.js";
import * as p from "../protocol.js";

const vectors = JSON.parse(readFileSync(new URL("../../../tests/escrow/vectors.json", import.meta.url)));
const h = p.fromHex;
const realm = h(vectors.realm);

test("the salt and HPKE info", () => {
  assert.equal(p.toHex(p.salt(realm, vectors.q)), vectors.salt);
  assert.equal(p.toHex(p.hpkeInfo(realm)), vectors.hpke_info);
  assert.equal(p.fingerprint(h(vectors.counselor_public_key)), vectors.counselor_fingerprint);
});

test("canonicalize, blind, verify each guardian, combine, finalize", () => {
  const ids = vectors.identifiers;
  const blinded = ids.map((id) => {
    assert.equal(canonicalize(id.raw), id.canonical);
    assert.equal(p.toHex(p.oprfInput(id.canonical)), id.oprf_input);
    const b = p.blind(p.oprfInput(id.canonical), h(id.blind));
    assert.equal(p.toHex(b.blinded), id.blinded_element);
    return b.blinded;
  });
  const answers = {};
  for (const g of vectors.oprf.guardians) {
    answers[g.index] = { evaluated: g.evaluated_elements.map(h), proof: h(g.proof) };
    assert.ok(p.verifyAnswer(h(g.public_share), blinded, answers[g.index].evaluated, h(g.proof)));
  }
  const used = vectors.oprf.used;
  used.forEach((i, k) => assert.equal(p.toHex(p.lagrangeCoefficient(i, used)), vectors.oprf.lagrange_coefficients[k]));
  const subset = Object.fromEntries(used.map((i) => [i, answers[i]]));
  const publicShares = vectors.oprf.guardians.map((g) => h(g.public_share));
  const { combined } = p.combineVerified(blinded, subset, publicShares, vectors.t);
  assert.deepEqual(combined.map(p.toHex), vectors.oprf.combined_elements);
  ids.forEach((id, j) => {
    assert.equal(p.toHex(p.finalize(p.oprfInput(id.canonical), h(id.blind), combined[j])), id.output);
  });
});

test("a guardian whose answer was altered is named and dropped", () => {
  const ids = vectors.identifiers;
  const blinded = ids.map((id) => h(id.blinded_element));
  const answers = {};
  for (const g of vectors.oprf.guardians) answers[g.index] = { evaluated: g.evaluated_elements.map(h), proof: h(g.proof) };
  answers[1].proof = answers[1].proof.slice();
  answers[1].proof[0] ^= 1;
  const publicShares = vectors.oprf.guardians.map((g) => h(g.public_share));
  const { combined, failed } = p.combineVerified(blinded, answers, publicShares, vectors.t);
  assert.deepEqual(failed, [1]);
  assert.deepEqual(combined.map(p.toHex), vectors.oprf.combined_elements);
  delete answers[3];
  assert.throws(() => p.combineVerified(blinded, answers, publicShares, vectors.t), /failed their proof: 1/u);
});

test("every filing, HPKE with a fixed ephemeral key included", async () => {
  const suite = p.hpkeSuite();
  const recipientPublicKey = await suite.kem.deserializePublicKey(h(vectors.counselor_public_key));
  for (const f of vectors.filings) {
    const prepared = p.prepareEntry({
      realm,
      q: vectors.q,
      entryId: h(f.entry_id),
      record: f.record,
      outputs: vectors.identifiers.map((id) => h(id.output)),
      randomness: {
        recordKey: h(f.record_key),
        recordNonce: h(f.record_nonce),
        xValues: f.items.map((i) => h(i.x)),
        wrapNonces: f.items.map((i) => h(i.wrap_nonce)),
      },
    });
    assert.equal(p.toHex(prepared.recordJson), f.record_json);
    assert.equal(p.toHex(prepared.recordCt), f.record_ct);
    prepared.items.forEach((item, j) => {
      const e = f.items[j];
      assert.equal(p.toHex(item.index), e.index);
      assert.deepEqual(item.coefficients.map(p.toHex), e.coefficients);
      assert.equal(p.toHex(item.wrapKey), e.wrap_key);
      assert.equal(p.toHex(item.fx), e.fx);
      assert.equal(p.toHex(item.wrapped), e.wrapped);
      assert.equal(p.toHex(item.plaintext), e.hpke_plaintext);
    });
    for (const e of f.items) {
      // @hpke/core's test-only ekm fixes the ephemeral key, so its bytes must equal Python's.
      const ephemeral = h(e.hpke_ephemeral_private_key);
      const ekm = {
        privateKey: await suite.kem.importKey("raw", ephemeral, false),
        publicKey: await suite.kem.importKey("raw", x25519.getPublicKey(ephemeral), true),
      };
      const info = p.hpkeInfo(realm);
      const { enc, ct } = await suite.seal({ recipientPublicKey, info, ekm }, h(e.hpke_plaintext), h(e.hpke_aad));
      assert.equal(p.toHex(new Uint8Array(enc)) + p.toHex(new Uint8Array(ct)), e.hpke_sealed);
    }
  }
});

test("the JavaScript client opens every sealed value made by another client", async () => {
  const expected = new Map();
  for (const f of vectors.filings) for (const i of f.items) expected.set(f.entry_id + i.index, i.hpke_plaintext);
  const info = h(vectors.hpke_info);
  let opened = 0;
  for (const [client, values] of Object.entries(vectors.sealed)) {
    for (const v of values) {
      const plaintext = await p.hpkeOpen(h(vectors.counselor_private_key), info, h(v.entry_id + v.index), h(v.sealed));
      assert.equal(p.toHex(plaintext), expected.get(v.entry_id + v.index), client);
      opened++;
    }
  }
  assert.ok(opened >= 6);
});

test("the JavaScript client seals values Python can open", async () => {
  const info = h(vectors.hpke_info);
  const sealed = [];
  for (const f of vectors.filings) {
    for (const i of f.items) {
      const value = await p.hpkeSeal(h(vectors.counselor_public_key), info, h(f.entry_id + i.index), h(i.hpke_plaintext));
      const back = await p.hpkeOpen(h(vectors.counselor_private_key), info, h(f.entry_id + i.index), value);
      assert.equal(p.toHex(back), i.hpke_plaintext);
      sealed.push({ entry_id: f.entry_id, index: i.index, sealed: p.toHex(value) });
    }
  }
  if (process.env.NOTALONE_JS_SEALED_OUT) writeFileSync(process.env.NOTALONE_JS_SEALED_OUT, JSON.stringify(sealed));
});
