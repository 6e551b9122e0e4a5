/* Shim header for the CSQLite system-library target: the C declarations Custody uses. */
#pragma once
#include <sqlite3.h>
