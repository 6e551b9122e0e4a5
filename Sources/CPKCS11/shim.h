/* Shim header for the CPKCS11 system-library target: the C declarations Custody uses. */
#pragma once
#include <softhsm/cryptoki.h>
