// The escrow protocol in the browser, byte for byte as docs/ESCROW_PROTOCOL.md says (and as the
// Python client does): blind, verify each guardian, combine t answers, finalize, derive the entry,
// seal it to the counselor. tests/escrow/vectors.json checks every value (js/escrow/test/).

import { ristretto255, ristretto255_hasher, ristretto255_oprf } from "@noble/curves/ed25519.js";
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from "@hpke/core";
import { Chacha20Poly1305 } from "@hpke/chacha20poly1305";

const Point = ristretto255.Point;
const L = Point.Fn.ORDER;
const encoder = new TextEncoder();

export const PROTOCOL_LABEL = encoder.encode("NotAlone escrow v1");
// Protocol version 2: every OPRF input starts with this (ESCROW_PROTOCOL.md §3.1), so a
// version-1 index (the bare canonical string) can never meet a version-2 one.
export const PROTOCOL_VERSION = 2;
const OPRF_INPUT_LABEL = encoder.encode("NotAlone escrow v2:");
export const ENTRY_ID_SIZE = 16;
const NONCE_SIZE = 12;
const VOPRF_CONTEXT = concat(encoder.encode("OPRFV1-"), Uint8Array.of(1), encoder.encode("-ristretto255-SHA512"));
export const POPRF_CONTEXT = concat(encoder.encode("OPRFV1-"), Uint8Array.of(2), encoder.encode("-ristretto255-SHA512"));

export function utf8(text) {
  return encoder.encode(text);
}

/** The RFC 9497 input for one canonical identifier: "NotAlone escrow v2:" ‖ UTF-8(identifier). */
export function oprfInput(canonical) {
  return concat(OPRF_INPUT_LABEL, encoder.encode(canonical));
}

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function fromHex(hex) {
  if (typeof hex !== "string" || hex.length % 2 || /[^0-9a-f]/iu.test(hex)) {
    throw new Error("not a hex string");
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const mod = (n) => ((n % L) + L) % L;

function scalarToBytes(n) {
  const out = new Uint8Array(32);
  let value = mod(n);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}

function bytesToScalar(bytes, { nonzero = false } = {}) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  if (bytes.length === 32 && n >= L) throw new Error("scalar is not reduced");
  if (nonzero && n === 0n) throw new Error("scalar must not be zero");
  return n;
}

/** reduce64: 64 bytes little-endian, mod L (libsodium scalar_reduce). */
export function reduce64(bytes) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return scalarToBytes(n);
}

function inverse(a) {
  // Fermat: a^(L-2) mod L.
  let result = 1n;
  let base = mod(a);
  let exponent = L - 2n;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % L;
    base = (base * base) % L;
    exponent >>= 1n;
  }
  return result;
}

export function randomScalar() {
  for (;;) {
    const scalar = reduce64(randomBytes(64));
    if (scalar.some((b) => b !== 0)) return scalar;
  }
}

/** RFC 9497 Blind, mode 1 (or ``context`` POPRF_CONTEXT, mode 2): (blind, blindedElement).
 * ``blind`` is random unless given. */
export function blind(input, blindScalar = null, context = VOPRF_CONTEXT) {
  const scalar = blindScalar ?? randomScalar();
  const element = ristretto255_hasher.hashToCurve(input, {
    DST: concat(encoder.encode("HashToGroup-"), context),
  });
  if (element.equals(Point.ZERO)) throw new Error("the input hashes to the identity element");
  return { blind: scalar, blinded: element.multiply(bytesToScalar(scalar, { nonzero: true })).toBytes() };
}

/** λᵢ = Π_{m∈S, m≠i} m / (m − i) mod L, as 32 bytes. */
export function lagrangeCoefficient(i, subset) {
  let numerator = 1n;
  let denominator = 1n;
  for (const m of subset) {
    if (m !== i) {
      numerator = mod(numerator * BigInt(m));
      denominator = mod(denominator * BigInt(m - i));
    }
  }
  return scalarToBytes(numerator * inverse(denominator));
}

/** True if guardian ``answer`` (evaluated, proof) is proven against its public share. */
export function verifyAnswer(publicShare, blindedElements, evaluated, proof) {
  try {
    const one = scalarToBytes(1n);
    ristretto255_oprf.voprf.finalizeBatch(
      blindedElements.map((blinded, j) => ({ input: blinded, blind: one, evaluated: evaluated[j], blinded })),
      publicShare,
      proof,
    );
    return true;
  } catch {
    return false;
  }
}

export class NotEnoughGuardians extends Error {
  constructor(valid, needed, failed) {
    const named = failed.length ? ` Guardians whose answers failed their proof: ${failed.join(", ")}.` : "";
    super(`${valid} valid guardian answers, ${needed} needed.${named}`);
    this.valid = valid;
    this.needed = needed;
    this.failed = failed;
  }
}

/**
 * Verify each guardian's answer, drop and name the bad ones, combine the first t valid ones:
 * Zⱼ = Σ λᵢ·Zᵢⱼ. ``answers`` maps a guardian index to {evaluated: [bytes], proof: bytes}.
 */
export function combineVerified(blindedElements, answers, publicShares, t) {
  const valid = [];
  const failed = [];
  for (const index of Object.keys(answers).map(Number).sort((a, b) => a - b)) {
    const { evaluated, proof } = answers[index];
    if (evaluated.length === blindedElements.length && verifyAnswer(publicShares[index - 1], blindedElements, evaluated, proof)) {
      valid.push(index);
    } else {
      failed.push(index);
    }
  }
  if (valid.length < t) throw new NotEnoughGuardians(valid.length, t, failed);
  const used = valid.slice(0, t);
  const weights = used.map((i) => bytesToScalar(lagrangeCoefficient(i, used)));
  const combined = blindedElements.map((_, j) => {
    let total = Point.ZERO;
    used.forEach((i, w) => {
      total = total.add(Point.fromBytes(answers[i].evaluated[j]).multiply(weights[w]));
    });
    return total.toBytes();
  });
  return { combined, used, failed };
}

/** RFC 9497 Finalize (its hash has no context string, so mode 0 and 1 agree). */
export function finalize(input, blindScalar, evaluated) {
  return ristretto255_oprf.oprf.finalize(input, blindScalar, evaluated);
}

export function salt(realm, q) {
  return concat(PROTOCOL_LABEL, realm, Uint8Array.of(q));
}

/** ESCROW_PROTOCOL.md §5: index, a₀ … a_{q−1} and wrap_key from the OPRF output y. */
export function deriveFromOutput(y, realm, q) {
  const s = salt(realm, q);
  const index = hkdf(sha512, y, s, utf8("index"), 32);
  const coefficients = [reduce64(hkdf(sha512, y, s, utf8("key"), 64))];
  for (let m = 1; m < q; m++) {
    coefficients.push(reduce64(hkdf(sha512, y, s, concat(utf8("coef"), Uint8Array.of(m)), 64)));
  }
  const wrapKey = hkdf(sha512, coefficients[0], s, utf8("wrap"), 32);
  return { index, coefficients, wrapKey };
}

export function evaluatePolynomial(coefficients, x) {
  const xs = bytesToScalar(x);
  let value = 0n;
  for (let m = coefficients.length - 1; m >= 0; m--) value = mod(value * xs + bytesToScalar(coefficients[m]));
  return scalarToBytes(value);
}

export function aeadSeal(key, plaintext, aad, nonce = null) {
  const n = nonce ?? randomBytes(NONCE_SIZE);
  return concat(n, chacha20poly1305(key, n, aad).encrypt(plaintext));
}

export function aeadOpen(key, sealed, aad) {
  return chacha20poly1305(key, sealed.subarray(0, NONCE_SIZE), aad).decrypt(sealed.subarray(NONCE_SIZE));
}

function sortedValue(value) {
  if (Array.isArray(value)) return value.map(sortedValue);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortedValue(value[key]);
    return out;
  }
  return value;
}

/** The record as UTF-8 JSON, keys sorted, no spaces (Python's json.dumps with sort_keys). */
export function recordToJson(record) {
  return utf8(JSON.stringify(sortedValue(record)));
}

/** ESCROW_PROTOCOL.md §5 up to HPKE. ``randomness`` is fresh unless given (test vectors fix it). */
export function prepareEntry({ realm, q, entryId, record, outputs, randomness = null }) {
  const r = randomness ?? {
    recordKey: randomBytes(32),
    recordNonce: randomBytes(NONCE_SIZE),
    xValues: outputs.map(() => randomScalar()),
    wrapNonces: outputs.map(() => randomBytes(NONCE_SIZE)),
  };
  const recordJson = recordToJson(record);
  const recordCt = aeadSeal(r.recordKey, recordJson, concat(utf8("record"), entryId), r.recordNonce);
  const items = outputs.map((y, j) => {
    const derived = deriveFromOutput(y, realm, q);
    const x = r.xValues[j];
    bytesToScalar(x, { nonzero: true });
    const fx = evaluatePolynomial(derived.coefficients, x);
    const wrapped = aeadSeal(derived.wrapKey, r.recordKey, concat(utf8("wrap"), entryId, derived.index), r.wrapNonces[j]);
    return { ...derived, x, fx, wrapped, plaintext: concat(x, fx, wrapped) };
  });
  return { entryId, recordJson, recordCt, items };
}

let suite = null;
/** RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305 (§5). */
export function hpkeSuite() {
  suite ??= new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Chacha20Poly1305() });
  return suite;
}

export function hpkeInfo(realm) {
  return concat(PROTOCOL_LABEL, realm);
}

/** RFC 9180 base-mode single-shot Seal to an X25519 key: enc ‖ ciphertext. */
export async function hpkeSeal(publicKey, info, aad, plaintext) {
  const s = hpkeSuite();
  const recipientPublicKey = await s.kem.deserializePublicKey(publicKey);
  const { ct, enc } = await s.seal({ recipientPublicKey, info }, plaintext, aad);
  return concat(new Uint8Array(enc), new Uint8Array(ct));
}

/** RFC 9180 base-mode single-shot Open (used by the tests to open Python's values). */
export async function hpkeOpen(privateKey, info, aad, sealed) {
  const s = hpkeSuite();
  const recipientKey = await s.kem.importKey("raw", privateKey, false);
  const plaintext = await s.open({ recipientKey, enc: sealed.slice(0, 32), info }, sealed.slice(32), aad);
  return new Uint8Array(plaintext);
}

/** One filing, sealed: the JSON body of POST /api/v1/escrow/entries. */
export async function sealFiling({ realm, q, counselorPublicKey, record, outputs, entryId = null }) {
  const id = entryId ?? randomBytes(ENTRY_ID_SIZE);
  const prepared = prepareEntry({ realm, q, entryId: id, record, outputs });
  const info = hpkeInfo(realm);
  const items = [];
  for (const item of prepared.items) {
    const sealed = await hpkeSeal(counselorPublicKey, info, concat(id, item.index), item.plaintext);
    items.push({ index: toHex(item.index), sealed: toHex(sealed) });
  }
  return { entry_id: toHex(id), record_ct: toHex(prepared.recordCt), items };
}

/** SHA-256 of a key, hex in groups of four (ESCROW_PROTOCOL.md §11). */
export function fingerprint(bytes) {
  return toHex(sha256(bytes)).match(/.{4}/gu).join(" ");
}

// Verified-filer mode (ESCROW_PROTOCOL.md §7.3): evaluation tokens on the RFC 9497 POPRF (mode
// 2, the public input being the token's epoch), the Privacy Pass architecture (RFC 9576); not
// RFC 9578's token type.
const TOKEN_LABEL = encoder.encode("NotAlone evaluation token v2");
const EPOCH_LABEL = encoder.encode("NotAlone token epoch v2");
const REQUEST_LABEL = encoder.encode("NotAlone token request v2");
const INVITE_LABEL = encoder.encode("NotAlone invite v2");
export const TOKEN_NONCE_SIZE = 32;

export function tokenInput(nonce) {
  if (nonce.length !== TOKEN_NONCE_SIZE) throw new Error("a token nonce is 32 bytes");
  return concat(TOKEN_LABEL, nonce);
}

/** The POPRF public input of a token issued in invite-code period ``epoch``. */
export function epochInfo(epoch) {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch >= 2 ** 32) throw new Error("a token epoch is a period number");
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, epoch);
  return concat(EPOCH_LABEL, bytes);
}

/** Is ``epoch``, which a guardian dated new tokens with, the period of ``now`` (seconds), give
 * or take one? An epoch of the guardian's choosing per client would tag its tokens. */
export function plausibleEpoch(epoch, periodDays, now = Date.now() / 1000) {
  if (!Number.isInteger(epoch) || !Number.isInteger(periodDays) || periodDays < 1) return false;
  return Math.abs(epoch - Math.floor(now / (periodDays * 86400))) <= 1;
}

/** ``count`` fresh nonces, blinded: {nonces, blinds, blinded}. ``fixed`` (tests) gives both. */
export function tokenRequest(count, fixed = null) {
  const nonces = fixed?.nonces ?? Array.from({ length: count }, () => randomBytes(TOKEN_NONCE_SIZE));
  const pairs = nonces.map((nonce, j) => blind(tokenInput(nonce), fixed?.blinds?.[j] ?? null, POPRF_CONTEXT));
  return { nonces, blinds: pairs.map((b) => b.blind), blinded: pairs.map((b) => b.blinded) };
}

/** Verify the issuer's batched proof against its token key tweaked by ``epoch`` and unblind:
 * [{guardian, nonce, key, epoch}]. */
export function finalizeTokens(guardian, request, evaluated, proof, tokenKey, epoch) {
  const poprf = ristretto255_oprf.poprf(epochInfo(epoch));
  // The tweaked key m·G + pkT, as the RFC's Blind computes it (the blind itself is ours).
  const { tweakedKey } = poprf.blind(request.nonces[0], tokenKey);
  const keys = poprf.finalizeBatch(
    request.nonces.map((nonce, j) => ({
      input: tokenInput(nonce),
      blind: request.blinds[j],
      evaluated: evaluated[j],
      blinded: request.blinded[j],
    })),
    proof,
    tweakedKey,
  );
  return request.nonces.map((nonce, j) => ({ guardian, nonce, key: keys[j], epoch }));
}

/** What is presented with an evaluation of ``elements``: {epoch, nonce, mac}, bytes in hex. */
export function authenticateToken(token, elements) {
  return {
    epoch: token.epoch,
    nonce: toHex(token.nonce),
    mac: toHex(hmac(sha256, token.key, concat(REQUEST_LABEL, ...elements))),
  };
}

export function keysFingerprint(inviteKey, tokenKey) {
  return toHex(sha256(concat(inviteKey, tokenKey)));
}

/** "<guardian>-<16 hex>-<26 letters>" → {guardian, prefix, secret, code}; throws otherwise. */
export function parseInviteCode(text) {
  const code = text.trim().toLowerCase().replace(/ /gu, "");
  const match = /^([0-9]+)-([0-9a-f]{16})-([a-z2-7]{26})$/u.exec(code);
  if (!match) throw new Error("not an invite code");
  return { guardian: Number(match[1]), prefix: match[2], secret: match[3], code };
}

// The aad of a code sealed for a check (POST /check-invite): 24 bytes, never a redemption's
// 32-byte hash, so a sealed check buys nothing (tokens.INVITE_CHECK_AAD in Python).
export const INVITE_CHECK_AAD = encoder.encode("NotAlone invite check v2");

export async function sealInviteCheck(inviteKey, realm, guardian, code) {
  return hpkeSeal(inviteKey, concat(INVITE_LABEL, realm, Uint8Array.of(guardian)), INVITE_CHECK_AAD, utf8(code));
}

/** HPKE-seal an invite code to its guardian, bound to the blinded token inputs it buys. */
export async function sealInvite(inviteKey, realm, guardian, code, blinded) {
  const info = concat(INVITE_LABEL, realm, Uint8Array.of(guardian));
  return hpkeSeal(inviteKey, info, sha256(concat(...blinded)), utf8(code));
}
