// libcurl, loaded at run time on first use (dlopen) instead of linked.
//
// Why: `review` runs as a git pre-commit hook and must start fast. Merely linking libcurl
// made every process start ~4 ms slower (measured: an empty program linked to libgit2,
// tree-sitter, re2, tbb and fmt starts in 4.7 ms, 8.9 ms with libcurl added), because the
// dynamic loader maps libcurl and its ~20 dependencies (gnutls, krb5, ldap, nghttp2, …) and
// runs their constructors. Only LLM mode talks HTTP (reviewers/llm/http_client.cc is the
// only caller), so the offline review should not pay for it.
//
// CurlApi holds one typed function pointer per curl function that http_client.cc calls; the
// types come from <curl/curl.h> (decltype of the real declarations), so calls through them
// are type-checked like direct calls (except curl's optional GCC checks of the variadic
// setopt/getinfo arguments, which are macros around the direct calls). Types and constants (CURL, CURLOPT_*, …) still come from
// the header, which is why building needs libcurl's development files.
//
// The library is loaded once per process and never unloaded: curl keeps global state
// (curl_global_init) that must outlive every handle, and a later dlclose would buy nothing.
//
// Usage:
//   const auto& curl = curl_api();
//   if (!curl) return curl.error().message;   // "LLM voters need libcurl (libcurl.so.4): …"
//   CURL* easy = curl->easy_init();
#pragma once

#include <curl/curl.h>

#include "util/error.h"

namespace review {

/// The curl functions `review` uses, resolved from the loaded library. Every pointer is
/// non-null in a CurlApi returned by the loaders below. The field name is the C function's
/// name without its `curl_` prefix (easy_setopt is curl_easy_setopt); each behaves exactly
/// as documented by libcurl, including its own thread-safety rules.
struct CurlApi {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_global_cleanup) global_cleanup = nullptr;
  decltype(&::curl_multi_init) multi_init = nullptr;
  decltype(&::curl_multi_cleanup) multi_cleanup = nullptr;
  decltype(&::curl_multi_wakeup) multi_wakeup = nullptr;
  decltype(&::curl_multi_add_handle) multi_add_handle = nullptr;
  decltype(&::curl_multi_remove_handle) multi_remove_handle = nullptr;
  decltype(&::curl_multi_perform) multi_perform = nullptr;
  decltype(&::curl_multi_info_read) multi_info_read = nullptr;
  decltype(&::curl_multi_timeout) multi_timeout = nullptr;
  decltype(&::curl_multi_poll) multi_poll = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_reset) easy_reset = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
};

/// The soname loaded by curl_api(): Debian's libcurl4 (OpenSSL flavour) provides it.
inline constexpr const char* k_curl_library = "libcurl.so.4";

/// The process-wide curl API: loads k_curl_library on the first call (RTLD_NOW | RTLD_LOCAL)
/// and returns the same result on every later call, success or failure; the library is never
/// unloaded. Thread-safe (the first call initialises a function-local static; concurrent
/// first callers wait for it). Does not call curl_global_init (CurlGlobal in http_client.h
/// does). Error (ErrorKind::backend), one line:
/// "LLM voters need libcurl (libcurl.so.4): <dlerror text>; install libcurl4".
const Expected<CurlApi>& curl_api();

/// Loads `library` (a soname or path, as for dlopen) and resolves every CurlApi function
/// from it; the building block of curl_api(), and what tests call with a library that does
/// not exist. Each call dlopens again (the loader counts references and returns the same
/// library); nothing is ever unloaded, also not on failure. Thread-safe (dlopen and dlsym
/// are; the dlerror text is read on the calling thread at once). Error (ErrorKind::backend),
/// one line: "LLM voters need libcurl (<library>): <dlerror text>; install libcurl4" when the
/// library cannot be loaded or lacks one of the functions (e.g. a libcurl older than 7.68).
Expected<CurlApi> load_curl_api(const char* library);

}  // namespace review
