// The JavaScript canonicalizer against tests/escrow/identifier_conformance.json (the same file
// tests/escrow/test_identifier_conformance.py runs Python over), and, when asked, its answers
// for Python to compare byte for byte: NOTALONE_JS_CASES names a JSON list of [input, kind, region];
// the answers go to that path + ".out".
// Run: node --test js/escrow/test/   (tests/escrow/test_js.py runs it; it never skips)

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { canonicalize, InvalidIdentifier } from "../canonicalize.js";
import { MESSAGES, PLATFORM_NAMES, message } from "../identifier_messages.js";

const cases = JSON.parse(
  readFileSync(new URL("../../../tests/escrow/identifier_conformance.json", import.meta.url)),
);
const run = ({ input, kind = null, region = null }) => canonicalize(input, { kind, region });

test("equivalent spellings give one canonical form", () => {
  for (const group of cases.equivalent) {
    for (const spelling of group.spellings) assert.equal(run(spelling), group.canonical, spelling.input);
    assert.equal(run({ input: group.canonical }), group.canonical, "a canonical form is a fixed point");
  }
});

test("different people give different forms", () => {
  for (const group of cases.different) {
    const forms = group.spellings.map(run);
    assert.equal(new Set(forms).size, forms.length, group.reason);
  }
});

test("refusals give their key and sentence", () => {
  for (const refusal of cases.refused) {
    assert.throws(
      () => run(refusal),
      (error) => {
        assert.ok(error instanceof InvalidIdentifier, refusal.input);
        assert.equal(error.key, refusal.key, refusal.input);
        assert.deepEqual(error.params, refusal.params, refusal.input);
        assert.equal(error.message, message(refusal.key, refusal.params));
        return true;
      },
    );
  }
});

test("answers for Python to compare", () => {
  const path = process.env.NOTALONE_JS_CASES;
  if (!path) return;
  const answer = ([input, kind, region = null]) => {
    try {
      return { ok: canonicalize(input, { kind, region }) };
    } catch (error) {
      if (!(error instanceof InvalidIdentifier)) throw error;
      return { error: error.key, params: error.params, message: error.message };
    }
  };
  writeFileSync(
    path + ".out",
    JSON.stringify({ answers: JSON.parse(readFileSync(path)).map(answer), MESSAGES, PLATFORM_NAMES }),
  );
});
