// The curl multi I/O thread. Queued requests wait in a min-heap ordered by their
// not-before time (then submission order); the loop starts what is due while fewer than
// max_in_flight transfers run and the rate limiter agrees, drives curl_multi_perform,
// hands finished transfers to their callbacks, and sleeps in curl_multi_poll until the
// next socket event, curl timer, due request, or curl_multi_wakeup() from submit().
//
// libcurl is called only through curl_api() (loaded on first use, see curl_api.h). When it
// cannot be loaded the client starts no I/O thread and completes every request at once with
// HttpFailure::error and the loader's one-line message, as for any other transport error.
#include "reviewers/llm/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "reviewers/llm/curl_api.h"
#include "reviewers/llm/rate_limiter.h"

namespace review {

namespace {

// The loaded curl API, or null when libcurl cannot be loaded.
const CurlApi* loaded_curl() {
  const auto& api = curl_api();
  return api ? &*api : nullptr;
}

// The deleters run only on handles curl made, so the library is loaded by then.
struct CurlEasyDeleter {
  void operator()(CURL* handle) const noexcept { curl_api()->easy_cleanup(handle); }
};
struct CurlMultiDeleter {
  void operator()(CURLM* handle) const noexcept { curl_api()->multi_cleanup(handle); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_api()->slist_free_all(list); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

struct Queued {
  HttpRequest request;
  HttpClient::Callback done;
  HttpClient::Clock::time_point not_before;
  std::uint64_t seq = 0;
};

// Min-heap order for std::push_heap (which builds a max-heap): "a after b".
bool later(const Queued& a, const Queued& b) {
  if (a.not_before != b.not_before) return a.not_before > b.not_before;
  return a.seq > b.seq;
}

struct Transfer {
  CurlEasy easy;
  CurlSlist headers;
  HttpRequest request;
  HttpClient::Callback done;
  std::string body;
  long max_bytes = 0;
  bool too_large = false;
  char errbuf[CURL_ERROR_SIZE] = {};
};

// Write callback: a noexcept trampoline that appends, or aborts the transfer (returns 0).
size_t write_body(char* data, size_t size, size_t count, void* user) noexcept {
  auto* transfer = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (static_cast<long>(transfer->body.size() + n) > transfer->max_bytes) {
    transfer->too_large = true;
    return 0;
  }
  try {
    transfer->body.append(data, n);
  } catch (...) {
    return 0;
  }
  return n;
}

void call_quietly(const HttpClient::Callback& done, HttpResponse response) {
  try {
    if (done) done(std::move(response));
  } catch (...) {
    // A callback must not take the I/O thread down; the voter above has its own guard.
  }
}

HttpResponse cancelled_response() {
  HttpResponse r;
  r.failure = HttpFailure::cancelled;
  r.error = "cancelled: the HTTP client shut down";
  return r;
}

// Why no request can be sent: curl_api()'s one-line error.
HttpResponse curl_missing_response() {
  HttpResponse r;
  r.failure = HttpFailure::error;
  r.error = curl_api().error().message;
  return r;
}

}  // namespace

// The load result never changes once made, so the destructor cleans up exactly when the
// constructor initialised.
CurlGlobal::CurlGlobal() {
  if (const CurlApi* api = loaded_curl()) api->global_init(CURL_GLOBAL_DEFAULT);
}
CurlGlobal::~CurlGlobal() {
  if (const CurlApi* api = loaded_curl()) api->global_cleanup();
}

const char* to_string(HttpFailure failure) {
  switch (failure) {
    case HttpFailure::none: return "none";
    case HttpFailure::error: return "error";
    case HttpFailure::timeout: return "timeout";
    case HttpFailure::cancelled: return "cancelled";
  }
  return "error";
}

std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos))
      text.replace(pos, secret.size(), "<redacted>");
  }
  return text;
}

struct HttpClient::Impl {
  CurlGlobal global;
  const CurlApi* api = loaded_curl();  // null: libcurl is missing, nothing is ever sent
  HttpClientOptions options;
  CurlMulti multi;
  RateLimiter limiter;

  std::mutex mutex;  // guards incoming, stopping
  std::vector<Queued> incoming;
  bool stopping = false;
  std::atomic<std::uint64_t> next_seq{0};
  std::atomic<int> peak{0};

  // Owned by the I/O thread.
  std::vector<Queued> heap;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> running;
  std::vector<CurlEasy> idle;
  std::thread thread;
  std::mutex join_mutex;  // shutdown() may be called twice (explicitly, then by ~Impl)

  explicit Impl(HttpClientOptions opts)
      : options(std::move(opts)),
        multi(api ? api->multi_init() : nullptr),
        limiter(options.requests_per_minute, options.tokens_per_minute) {
    options.max_in_flight = std::max(1, options.max_in_flight);
    if (api) thread = std::thread([this] { run(); });
  }

  ~Impl() { shutdown(); }

  void shutdown() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    if (multi) api->multi_wakeup(multi.get());
    std::lock_guard lock(join_mutex);
    if (thread.joinable()) thread.join();
  }

  void submit(HttpRequest request, Callback done, Clock::time_point not_before) {
    Queued q{std::move(request), std::move(done), not_before, next_seq++};
    bool stopped = false;
    {
      std::lock_guard lock(mutex);
      stopped = stopping;
      if (!stopping && multi) {
        incoming.push_back(std::move(q));
        q.done = nullptr;
      }
    }
    if (q.done) {
      call_quietly(q.done, (stopped || api) ? cancelled_response() : curl_missing_response());
      return;
    }
    api->multi_wakeup(multi.get());
  }

  CurlEasy take_easy() {
    if (idle.empty()) return CurlEasy(api->easy_init());
    CurlEasy easy = std::move(idle.back());
    idle.pop_back();
    api->easy_reset(easy.get());
    return easy;
  }

  void start(Queued q) {
    auto t = std::make_unique<Transfer>();
    t->easy = take_easy();
    t->request = std::move(q.request);
    t->done = std::move(q.done);
    t->max_bytes = options.max_response_bytes;
    CURL* e = t->easy.get();
    if (!e) {
      HttpResponse r;
      r.failure = HttpFailure::error;
      r.error = "cannot create a curl handle";
      call_quietly(t->done, std::move(r));
      return;
    }
    // "Expect:" stops curl from sending "Expect: 100-continue" for bodies over 1 KiB and
    // then waiting up to a second for a "100 Continue" that many servers never send.
    curl_slist* list = api->slist_append(nullptr, "Expect:");
    for (const auto& h : t->request.headers) {
      curl_slist* next = api->slist_append(list, h.c_str());
      if (next) list = next;
    }
    t->headers.reset(list);
    api->easy_setopt(e, CURLOPT_URL, t->request.url.c_str());
    api->easy_setopt(e, CURLOPT_HTTPHEADER, t->headers.get());
    api->easy_setopt(e, CURLOPT_POST, 1L);
    api->easy_setopt(e, CURLOPT_POSTFIELDS, t->request.body.data());
    api->easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->request.body.size()));
    api->easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, std::max(1L, t->request.connect_timeout_ms));
    api->easy_setopt(e, CURLOPT_TIMEOUT_MS, std::max(1L, t->request.timeout_ms));
    api->easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    api->easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    api->easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    api->easy_setopt(e, CURLOPT_USERAGENT, "review-llm/1");
    api->easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    api->easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    api->easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    api->easy_setopt(e, CURLOPT_WRITEFUNCTION, write_body);
    api->easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    api->easy_setopt(e, CURLOPT_PRIVATE, t.get());
    if (api->multi_add_handle(multi.get(), e) != CURLM_OK) {
      HttpResponse r;
      r.failure = HttpFailure::error;
      r.error = "cannot start the HTTP transfer";
      call_quietly(t->done, std::move(r));
      return;
    }
    running.emplace(e, std::move(t));
    int now_running = static_cast<int>(running.size());
    if (now_running > peak.load(std::memory_order_relaxed)) peak.store(now_running, std::memory_order_relaxed);
  }

  HttpResponse finish(Transfer& t, CURLcode code) {
    HttpResponse r;
    if (code == CURLE_OK) {
      api->easy_getinfo(t.easy.get(), CURLINFO_RESPONSE_CODE, &r.status);
      curl_off_t retry_after = 0;
      if (api->easy_getinfo(t.easy.get(), CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0)
        r.retry_after_s = static_cast<long>(retry_after);
      r.body = std::move(t.body);
      return r;
    }
    r.failure = code == CURLE_OPERATION_TIMEDOUT ? HttpFailure::timeout : HttpFailure::error;
    std::string detail = t.too_large ? "response larger than the limit"
                         : t.errbuf[0] ? std::string(t.errbuf)
                                       : std::string(api->easy_strerror(code));
    r.error = scrub_secrets(std::move(detail), options.secrets);
    return r;
  }

  void start_due(Clock::time_point now) {
    while (!heap.empty() && static_cast<int>(running.size()) < options.max_in_flight &&
           heap.front().not_before <= now) {
      std::pop_heap(heap.begin(), heap.end(), later);
      Queued q = std::move(heap.back());
      heap.pop_back();
      auto wait = limiter.acquire(now, q.request.cost_tokens);
      if (wait > Clock::duration::zero()) {
        q.not_before = now + wait;
        heap.push_back(std::move(q));
        std::push_heap(heap.begin(), heap.end(), later);
        continue;
      }
      start(std::move(q));
    }
  }

  void run() {
    std::vector<std::pair<Callback, HttpResponse>> completed;
    for (;;) {
      {
        std::lock_guard lock(mutex);
        if (stopping) break;
        for (auto& q : incoming) {
          heap.push_back(std::move(q));
          std::push_heap(heap.begin(), heap.end(), later);
        }
        incoming.clear();
      }
      start_due(Clock::now());
      int still_running = 0;
      api->multi_perform(multi.get(), &still_running);
      int left = 0;
      while (CURLMsg* msg = api->multi_info_read(multi.get(), &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL* e = msg->easy_handle;
        CURLcode code = msg->data.result;
        auto it = running.find(e);
        api->multi_remove_handle(multi.get(), e);
        if (it == running.end()) continue;
        std::unique_ptr<Transfer> t = std::move(it->second);
        running.erase(it);
        completed.emplace_back(std::move(t->done), finish(*t, code));
        idle.push_back(std::move(t->easy));
      }
      for (auto& [done, response] : completed) call_quietly(done, std::move(response));
      completed.clear();

      // Sleep until a socket event, curl's own timer, the next due request, or a wakeup.
      long timeout_ms = 1000;
      long curl_timeout = -1;
      api->multi_timeout(multi.get(), &curl_timeout);
      if (curl_timeout >= 0) timeout_ms = std::min(timeout_ms, curl_timeout);
      if (!heap.empty() && static_cast<int>(running.size()) < options.max_in_flight) {
        auto until = std::chrono::ceil<std::chrono::milliseconds>(heap.front().not_before - Clock::now()).count();
        timeout_ms = std::min(timeout_ms, std::max(0L, static_cast<long>(until)));
      }
      {
        std::lock_guard lock(mutex);
        if (!incoming.empty() || stopping) timeout_ms = 0;
      }
      if (timeout_ms > 0) api->multi_poll(multi.get(), nullptr, 0, static_cast<int>(timeout_ms), nullptr);
    }
    // Shutdown: every request still known completes with `cancelled`.
    for (auto& [e, t] : running) {
      api->multi_remove_handle(multi.get(), e);
      call_quietly(t->done, cancelled_response());
    }
    running.clear();
    std::vector<Queued> rest;
    {
      std::lock_guard lock(mutex);
      rest = std::move(incoming);
      incoming.clear();
    }
    for (auto& q : heap) call_quietly(q.done, cancelled_response());
    for (auto& q : rest) call_quietly(q.done, cancelled_response());
    heap.clear();
  }
};

HttpClient::HttpClient(HttpClientOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {}
HttpClient::~HttpClient() = default;

void HttpClient::submit(HttpRequest request, Callback done, Clock::time_point not_before) {
  m_impl->submit(std::move(request), std::move(done), not_before);
}

int HttpClient::peak_in_flight() const { return m_impl->peak.load(std::memory_order_relaxed); }

void HttpClient::shutdown() { m_impl->shutdown(); }

bool HttpClient::on_io_thread() const { return std::this_thread::get_id() == m_impl->thread.get_id(); }

}  // namespace review
