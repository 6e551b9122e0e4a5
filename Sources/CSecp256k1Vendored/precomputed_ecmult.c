/* Upstream's precomputed_ecmult.c (a translation unit of its own upstream too), with the
 * custody_ prefix applied to its exported table. */
#include "include/custody_secp256k1_prefix.h"
#include "secp256k1/src/precomputed_ecmult.c"
