// A real HTTP server on 127.0.0.1 that speaks both LLM APIs well enough for tests and the
// LLM benchmark: OpenAI Chat Completions (POST /v1/chat/completions) and Anthropic
// Messages (POST /v1/messages). A responder decides each reply — content (the model's
// text, wrapped in the API's response shape), status, headers such as Retry-After,
// latency, a raw malformed body, or hanging until the server stops — and every request
// is recorded so tests can assert on what left the machine.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace review::testing {

/// What the server received. Header names are lower-cased.
struct ReceivedRequest {
  std::string path;
  std::map<std::string, std::string> headers;
  std::string body;
  nlohmann::json json;  ///< body parsed (null if it was not JSON)
  int index = 0;        ///< 0-based arrival order
};

/// How to answer one request.
struct FakeReply {
  int status = 200;
  std::string content = R"({"findings": []})";  ///< the model's answer text
  std::string raw_body;                          ///< sent verbatim instead, when non-empty
  std::map<std::string, std::string> headers;    ///< extra response headers (e.g. Retry-After)
  int delay_ms = 0;                              ///< latency before answering
  bool hang = false;                             ///< never answer (until the server stops)
};

class FakeLlmServer {
 public:
  using Responder = std::function<FakeReply(const ReceivedRequest&)>;

  /// Binds 127.0.0.1 on a free port and starts serving (up to `threads` requests at once).
  explicit FakeLlmServer(int threads = 64);
  ~FakeLlmServer();  ///< wakes hanging/delayed handlers and stops
  FakeLlmServer(const FakeLlmServer&) = delete;
  FakeLlmServer& operator=(const FakeLlmServer&) = delete;

  int port() const;
  std::string openai_base_url() const;     ///< "http://127.0.0.1:PORT/v1"
  std::string anthropic_base_url() const;  ///< "http://127.0.0.1:PORT"

  /// Replaces the responder (default: an empty findings object). Thread-safe.
  void set_responder(Responder responder);
  /// Latency added to every reply that does not set its own delay_ms.
  void set_latency_ms(int ms);

  std::vector<ReceivedRequest> requests() const;
  int request_count() const;
  /// Most requests being handled at the same time.
  int peak_concurrency() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// The prompt text of a received request (system + user contents, either API).
std::string prompt_text(const ReceivedRequest& request);
/// The model named in a received request's body ("" if none).
std::string model_of(const ReceivedRequest& request);
/// Line numbers the chunk in a received prompt marks as changed ("  12 +| …").
std::vector<int> changed_lines_in_prompt(const std::string& prompt);

}  // namespace review::testing
