/* Shim header for the CSecp256k1 system-library target: the C declarations Custody uses. */
#pragma once
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>
