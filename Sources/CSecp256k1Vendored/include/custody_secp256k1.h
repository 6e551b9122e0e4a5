/* The vendored libsecp256k1 as Swift sees it: the upstream public headers of the enabled
 * modules, every name prefixed custody_secp256k1_ (see custody_secp256k1_prefix.h), and the
 * Custody extension (custody_secp256k1_ext.h). */
#ifndef CUSTODY_SECP256K1_H
#define CUSTODY_SECP256K1_H
#include "custody_secp256k1_prefix.h"
#include "../secp256k1/include/secp256k1.h"
#include "../secp256k1/include/secp256k1_extrakeys.h"
#include "../secp256k1/include/secp256k1_schnorrsig.h"
#include "custody_secp256k1_ext.h"
#endif
