/* Custody's extension of the vendored libsecp256k1: a few operations FROST needs that the
 * public API lacks, compiled in the library's own translation unit (custody_secp256k1.c) on
 * its internal field, scalar and group code.
 *
 * Scalars are 32 bytes big-endian and must be below the group order n; points are
 * secp256k1_pubkey values made by the library. Side channels are stated per function:
 * "variable time" functions may branch and index memory on every input, and take public
 * values only. */
#ifndef CUSTODY_SECP256K1_EXT_H
#define CUSTODY_SECP256K1_EXT_H
#include <stddef.h>
#include "custody_secp256k1_prefix.h"
#include "../secp256k1/include/secp256k1.h"

#ifdef __cplusplus
extern "C" {
#endif

/* result = g·G + Σ scalars[i]·points[i] + Σ addends[j] (multi-scalar multiplication), in
 * VARIABLE TIME: Strauss's algorithm below 88 points and Pippenger's above, on a scratch space
 * sized for `count` points (libsecp256k1's ecmult_multi), then one addition per addend and a
 * single conversion to affine coordinates. For public values only.
 *
 * generator_scalar32 may be NULL (no G term); points and scalars32 (32·count bytes) may be
 * NULL when count is 0, addends when addend_count is 0. Returns 1 and the point in *result;
 * 0 when the sum is the point at infinity (*result untouched); -1 when a scalar is not below
 * n, a point is invalid or memory ran out (*result untouched). */
int custody_secp256k1_ext_multiply_sum(
    const secp256k1_context *ctx, secp256k1_pubkey *result, const unsigned char *generator_scalar32,
    const secp256k1_pubkey *points, const unsigned char *scalars32, size_t count,
    const secp256k1_pubkey *addends, size_t addend_count);

/* result = k·P in CONSTANT TIME in k (libsecp256k1's ecmult_const), for a secret k. P is
 * public. Returns 1; 0 when k is zero or not below n (*result untouched). */
int custody_secp256k1_ext_multiply_secret(
    const secp256k1_context *ctx, secp256k1_pubkey *result, const secp256k1_pubkey *point,
    const unsigned char *secret32);

/* out32 = in32⁻¹ mod n in VARIABLE TIME (libsecp256k1's safegcd), for public values only;
 * the inverse of 0 is 0. Returns 1; 0 when in32 is not below n (out32 untouched). */
int custody_secp256k1_ext_scalar_inverse_var(unsigned char *out32, const unsigned char *in32);

#ifdef __cplusplus
}
#endif
#endif
