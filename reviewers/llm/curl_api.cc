// dlopen + dlsym for the functions in CurlApi. A missing library or function becomes one
// error line naming the library, the loader's own reason and the package to install.
#include "reviewers/llm/curl_api.h"

#include <dlfcn.h>

#include <algorithm>
#include <string>

#include <fmt/format.h>

namespace review {

namespace {

// dlerror() for the call that just failed on this thread, as one line.
std::string loader_error(const char* fallback) {
  const char* text = dlerror();
  std::string line = text ? text : fallback;
  std::replace(line.begin(), line.end(), '\n', ' ');
  return line;
}

std::unexpected<Error> need_libcurl(const char* library, const std::string& reason) {
  return fail(ErrorKind::backend, fmt::format("LLM voters need libcurl ({}): {}; install libcurl4", library, reason));
}

// Resolves `name` into `slot`; false (and `reason` set) when the library lacks it.
template <class Function>
bool resolve(void* library, const char* name, Function& slot, std::string& reason) {
  dlerror();  // clear a stale error so a null result is attributed to this lookup
  void* symbol = dlsym(library, name);
  if (!symbol) {
    reason = loader_error(name);
    return false;
  }
  slot = reinterpret_cast<Function>(symbol);
  return true;
}

}  // namespace

Expected<CurlApi> load_curl_api(const char* library) {
  void* handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (!handle) return need_libcurl(library, loader_error("cannot load the library"));
  CurlApi api;
  std::string reason;
  // The field is the function's name without "curl_", so one token names both.
#define REVIEW_RESOLVE_CURL(field) \
  if (!resolve(handle, "curl_" #field, api.field, reason)) return need_libcurl(library, reason)
  REVIEW_RESOLVE_CURL(global_init);
  REVIEW_RESOLVE_CURL(global_cleanup);
  REVIEW_RESOLVE_CURL(multi_init);
  REVIEW_RESOLVE_CURL(multi_cleanup);
  REVIEW_RESOLVE_CURL(multi_wakeup);
  REVIEW_RESOLVE_CURL(multi_add_handle);
  REVIEW_RESOLVE_CURL(multi_remove_handle);
  REVIEW_RESOLVE_CURL(multi_perform);
  REVIEW_RESOLVE_CURL(multi_info_read);
  REVIEW_RESOLVE_CURL(multi_timeout);
  REVIEW_RESOLVE_CURL(multi_poll);
  REVIEW_RESOLVE_CURL(easy_init);
  REVIEW_RESOLVE_CURL(easy_cleanup);
  REVIEW_RESOLVE_CURL(easy_reset);
  REVIEW_RESOLVE_CURL(easy_setopt);
  REVIEW_RESOLVE_CURL(easy_getinfo);
  REVIEW_RESOLVE_CURL(easy_strerror);
  REVIEW_RESOLVE_CURL(slist_append);
  REVIEW_RESOLVE_CURL(slist_free_all);
#undef REVIEW_RESOLVE_CURL
  return api;
}

const Expected<CurlApi>& curl_api() {
  static const Expected<CurlApi> loaded = load_curl_api(k_curl_library);
  return loaded;
}

}  // namespace review
