// cpp-httplib server with a thread pool large enough for the benchmark's 16+ concurrent
// requests; latency and hangs wait on a condition variable so that stopping is immediate.
#include "tests/fake_llm_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>

namespace review::testing {

struct FakeLlmServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  int threads = 64;

  mutable std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  Responder responder;
  int latency_ms = 0;
  std::vector<ReceivedRequest> received;
  int active = 0;
  int peak = 0;

  void handle(const httplib::Request& req, httplib::Response& res) {
    ReceivedRequest r;
    r.path = req.path;
    for (const auto& [name, value] : req.headers) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      r.headers[lower] = value;
    }
    r.body = req.body;
    r.json = nlohmann::json::parse(req.body, nullptr, false);
    if (r.json.is_discarded()) r.json = nullptr;
    Responder respond;
    int latency = 0;
    {
      std::lock_guard lock(mutex);
      r.index = static_cast<int>(received.size());
      received.push_back(r);
      respond = responder;
      latency = latency_ms;
      peak = std::max(peak, ++active);
    }
    FakeReply reply = respond ? respond(r) : FakeReply{};
    int delay = reply.delay_ms > 0 ? reply.delay_ms : latency;
    {
      std::unique_lock lock(mutex);
      if (reply.hang) wake.wait(lock, [&] { return stopping; });
      else if (delay > 0) wake.wait_for(lock, std::chrono::milliseconds(delay), [&] { return stopping; });
      --active;
    }
    for (const auto& [name, value] : reply.headers) res.set_header(name, value);
    res.status = reply.status;
    std::string body = reply.raw_body;
    if (body.empty()) body = render(r, reply);
    res.set_content(body, "application/json");
  }

  static std::string render(const ReceivedRequest& r, const FakeReply& reply) {
    if (reply.status >= 400) return nlohmann::json{{"error", {{"message", "fake error"}}}}.dump();
    long in = static_cast<long>(r.body.size() / 4);
    long out = static_cast<long>(reply.content.size() / 4) + 1;
    if (r.path == "/v1/messages") {
      return nlohmann::json{{"id", "msg_fake"},
                            {"type", "message"},
                            {"role", "assistant"},
                            {"content", nlohmann::json::array({{{"type", "text"}, {"text", reply.content}}})},
                            {"stop_reason", "end_turn"},
                            {"usage", {{"input_tokens", in}, {"output_tokens", out}}}}
          .dump();
    }
    return nlohmann::json{{"id", "chatcmpl-fake"},
                          {"object", "chat.completion"},
                          {"choices", nlohmann::json::array({{{"index", 0},
                                                              {"message", {{"role", "assistant"}, {"content", reply.content}}},
                                                              {"finish_reason", "stop"}}})},
                          {"usage", {{"prompt_tokens", in}, {"completion_tokens", out}}}}
        .dump();
  }
};

FakeLlmServer::FakeLlmServer(int threads) : m_impl(std::make_unique<Impl>()) {
  Impl* impl = m_impl.get();
  impl->threads = threads;
  impl->server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  impl->server.set_keep_alive_max_count(100000);
  impl->server.set_keep_alive_timeout(30);
  auto handler = [impl](const httplib::Request& req, httplib::Response& res) { impl->handle(req, res); };
  impl->server.Post("/v1/chat/completions", handler);
  impl->server.Post("/v1/messages", handler);
  // Debian's httplib listens with a backlog of 5: a burst of 16 connects overflows it and
  // the kernel drops SYNs, which clients retry after a whole second. Remember the socket
  // and widen the backlog after bind (listen() again on Linux just updates it).
  auto listen_fd = std::make_shared<int>(-1);
  impl->server.set_socket_options([listen_fd](socket_t fd) {
    if (*listen_fd < 0) *listen_fd = fd;
    httplib::default_socket_options(fd);
  });
  impl->port = impl->server.bind_to_any_port("127.0.0.1");
  if (*listen_fd >= 0) ::listen(*listen_fd, 1024);
  impl->thread = std::thread([impl] { impl->server.listen_after_bind(); });
  while (!impl->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeLlmServer::~FakeLlmServer() {
  {
    std::lock_guard lock(m_impl->mutex);
    m_impl->stopping = true;
  }
  m_impl->wake.notify_all();
  m_impl->server.stop();
  if (m_impl->thread.joinable()) m_impl->thread.join();
}

int FakeLlmServer::port() const { return m_impl->port; }
std::string FakeLlmServer::openai_base_url() const { return "http://127.0.0.1:" + std::to_string(port()) + "/v1"; }
std::string FakeLlmServer::anthropic_base_url() const { return "http://127.0.0.1:" + std::to_string(port()); }

void FakeLlmServer::set_responder(Responder responder) {
  std::lock_guard lock(m_impl->mutex);
  m_impl->responder = std::move(responder);
}

void FakeLlmServer::set_latency_ms(int ms) {
  std::lock_guard lock(m_impl->mutex);
  m_impl->latency_ms = ms;
}

std::vector<ReceivedRequest> FakeLlmServer::requests() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->received;
}

int FakeLlmServer::request_count() const {
  std::lock_guard lock(m_impl->mutex);
  return static_cast<int>(m_impl->received.size());
}

int FakeLlmServer::peak_concurrency() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->peak;
}

std::string prompt_text(const ReceivedRequest& request) {
  std::string text;
  auto add = [&](const nlohmann::json& content) {
    if (content.is_string()) text += content.get<std::string>() + "\n";
    if (content.is_array())
      for (const auto& block : content)
        if (block.is_object() && block.contains("text") && block["text"].is_string())
          text += block["text"].get<std::string>() + "\n";
  };
  if (!request.json.is_object()) return text;
  if (request.json.contains("system")) add(request.json["system"]);
  if (request.json.contains("messages") && request.json["messages"].is_array())
    for (const auto& m : request.json["messages"])
      if (m.is_object() && m.contains("content")) add(m["content"]);
  return text;
}

std::string model_of(const ReceivedRequest& request) {
  if (request.json.is_object() && request.json.contains("model") && request.json["model"].is_string())
    return request.json["model"].get<std::string>();
  return {};
}

std::vector<int> changed_lines_in_prompt(const std::string& prompt) {
  std::vector<int> lines;
  std::istringstream in(prompt);
  std::string line;
  while (std::getline(in, line)) {
    size_t bar = line.find("+| ");
    if (bar == std::string::npos && line.size() >= 2 && line.substr(line.size() - 2) == "+|") bar = line.size() - 2;
    if (bar == std::string::npos || bar < 2) continue;
    size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || start >= bar) continue;
    std::string number = line.substr(start, bar - 1 - start);
    if (!number.empty() && std::all_of(number.begin(), number.end(), ::isdigit)) lines.push_back(std::stoi(number));
  }
  return lines;
}

}  // namespace review::testing
