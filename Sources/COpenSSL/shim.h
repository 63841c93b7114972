#ifndef MAILD_COPENSSL_SHIM_H
#define MAILD_COPENSSL_SHIM_H
// The system's libcrypto (already linked by libcurl) for digests: no second TLS library to build.
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/hmac.h>
#endif
