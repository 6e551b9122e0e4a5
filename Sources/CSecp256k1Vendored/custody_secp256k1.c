/* The vendored libsecp256k1 and Custody's extension, in one translation unit, as upstream
 * builds its own modules: the library (src/secp256k1.c with the modules enabled by the
 * target's ENABLE_MODULE_* settings) and, after it, the extension functions, which use the
 * library's internal (static) field, scalar and group code. The upstream files are included
 * unmodified; custody_secp256k1_prefix.h, included first, renames every exported name. */
#include "include/custody_secp256k1_prefix.h"

#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-function"
#endif
#include "secp256k1/src/secp256k1.c"
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

#include "include/custody_secp256k1_ext.h"

struct custody_multiply_sum_data {
    const secp256k1_ge *points;
    const secp256k1_scalar *scalars;
};

static int custody_multiply_sum_callback(secp256k1_scalar *sc, secp256k1_ge *pt, size_t idx, void *data) {
    const struct custody_multiply_sum_data *terms = (const struct custody_multiply_sum_data *)data;
    *sc = terms->scalars[idx];
    *pt = terms->points[idx];
    return 1;
}

/* Variable time: public points and scalars only. */
int custody_secp256k1_ext_multiply_sum(
    const secp256k1_context *ctx, secp256k1_pubkey *result, const unsigned char *generator_scalar32,
    const secp256k1_pubkey *points, const unsigned char *scalars32, size_t count,
    const secp256k1_pubkey *addends, size_t addend_count) {
    secp256k1_scalar g;
    secp256k1_gej sum;
    secp256k1_ge affine;
    secp256k1_ge *ges = NULL;
    secp256k1_scalar *scalars = NULL;
    secp256k1_scratch *scratch = NULL;
    struct custody_multiply_sum_data data;
    int overflow = 0;
    int outcome = -1;
    size_t i;

    VERIFY_CHECK(ctx != NULL);
    ARG_CHECK(result != NULL);
    ARG_CHECK(count == 0 || (points != NULL && scalars32 != NULL));
    ARG_CHECK(addend_count == 0 || addends != NULL);
    if (generator_scalar32 != NULL) {
        secp256k1_scalar_set_b32(&g, generator_scalar32, &overflow);
        if (overflow) {
            return -1;
        }
    }
    if (count > 0) {
        size_t strauss = secp256k1_strauss_scratch_size(count) + STRAUSS_SCRATCH_OBJECTS * ALIGNMENT;
        size_t pippenger = secp256k1_pippenger_scratch_size(count, secp256k1_pippenger_bucket_window(count))
            + PIPPENGER_SCRATCH_OBJECTS * ALIGNMENT;
        ges = (secp256k1_ge *)malloc(count * sizeof(secp256k1_ge));
        scalars = (secp256k1_scalar *)malloc(count * sizeof(secp256k1_scalar));
        scratch = secp256k1_scratch_create(&ctx->error_callback, strauss > pippenger ? strauss : pippenger);
        if (ges == NULL || scalars == NULL || scratch == NULL) {
            goto done;
        }
        for (i = 0; i < count; i++) {
            if (!secp256k1_pubkey_load(ctx, &ges[i], &points[i])) {
                goto done;
            }
            secp256k1_scalar_set_b32(&scalars[i], scalars32 + 32 * i, &overflow);
            if (overflow) {
                goto done;
            }
        }
    }
    data.points = ges;
    data.scalars = scalars;
    if (!secp256k1_ecmult_multi_var(&ctx->error_callback, scratch, &sum, generator_scalar32 != NULL ? &g : NULL,
                                    custody_multiply_sum_callback, &data, count)) {
        goto done;
    }
    for (i = 0; i < addend_count; i++) {
        if (!secp256k1_pubkey_load(ctx, &affine, &addends[i])) {
            goto done;
        }
        secp256k1_gej_add_ge_var(&sum, &sum, &affine, NULL);
    }
    if (secp256k1_gej_is_infinity(&sum)) {
        outcome = 0;
        goto done;
    }
    secp256k1_ge_set_gej_var(&affine, &sum);
    secp256k1_pubkey_save(result, &affine);
    outcome = 1;
done:
    if (scratch != NULL) {
        secp256k1_scratch_destroy(&ctx->error_callback, scratch);
    }
    free(ges);
    free(scalars);
    return outcome;
}

/* Constant time in the secret scalar; the point is public. */
int custody_secp256k1_ext_multiply_secret(
    const secp256k1_context *ctx, secp256k1_pubkey *result, const secp256k1_pubkey *point,
    const unsigned char *secret32) {
    secp256k1_scalar k;
    secp256k1_ge p;
    secp256k1_gej product;
    secp256k1_ge affine;
    int overflow = 0;
    int valid;

    VERIFY_CHECK(ctx != NULL);
    ARG_CHECK(result != NULL);
    ARG_CHECK(point != NULL);
    ARG_CHECK(secret32 != NULL);
    if (!secp256k1_pubkey_load(ctx, &p, point)) {
        return 0;
    }
    secp256k1_scalar_set_b32(&k, secret32, &overflow);
    valid = !overflow & !secp256k1_scalar_is_zero(&k);
    secp256k1_scalar_cmov(&k, &secp256k1_scalar_one, !valid);
    secp256k1_ecmult_const(&product, &p, &k);
    /* A non-zero k below n times a point of prime order n is never infinity. */
    secp256k1_ge_set_gej(&affine, &product);
    secp256k1_declassify(ctx, &valid, sizeof(valid));
    if (valid) {
        secp256k1_pubkey_save(result, &affine);
    }
    secp256k1_scalar_clear(&k);
    secp256k1_memclear_explicit(&product, sizeof(product));
    return valid;
}

/* Variable time: public values only. */
int custody_secp256k1_ext_scalar_inverse_var(unsigned char *out32, const unsigned char *in32) {
    secp256k1_scalar x;
    int overflow = 0;
    secp256k1_scalar_set_b32(&x, in32, &overflow);
    if (overflow) {
        return 0;
    }
    secp256k1_scalar_inverse_var(&x, &x);
    secp256k1_scalar_get_b32(out32, &x);
    return 1;
}
