/* Shim header for the CLibPQ system-library target: the C declarations Custody uses. */
#pragma once
#include <postgresql/libpq-fe.h>
