// External command voter: placeholder substitution, a temporary copy of the post-image,
// posix_spawnp with pipes polled until exit or timeout, then SARIF → Findings.
#include "reviewers/command_voter.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/text.h"

extern char** environ;

namespace review {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

Ballot abstention(std::string reason) {
  Ballot ballot;
  ballot.abstained = true;
  ballot.abstain_reason = std::move(reason);
  return ballot;
}

// Owns a file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    reset(std::exchange(other.m_fd, -1));
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return m_fd; }
  void reset(int fd = -1) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = fd;
  }

 private:
  int m_fd = -1;
};

// A temporary directory removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = fmt::format("{}/review-cmd-XXXXXX", base && *base ? base : "/tmp");
    if (::mkdtemp(pattern.data())) m_path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!m_path.empty()) std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

struct ProcessResult {
  bool started = false;
  std::string spawn_error;
  bool timed_out = false;
  bool too_large = false;
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;  // first 4 KiB
};

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
  return text;
}

// Runs argv with stdout/stderr captured, killing its process group at the timeout.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          std::chrono::milliseconds timeout, size_t max_output) {
  ProcessResult result;
  int out_pipe[2], err_pipe[2];
  // O_CLOEXEC: children spawned concurrently by other workers must not inherit our ends.
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.spawn_error = std::strerror(errno);
    return result;
  }
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.spawn_error = std::strerror(errno);
    return result;
  }
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err_write.get(), 2);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t signals;
  sigemptyset(&signals);
  posix_spawnattr_setsigmask(&attr, &signals);
  sigaddset(&signals, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &signals);
  posix_spawnattr_setpgroup(&attr, 0);  // own process group: a timeout kills its children too
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    result.spawn_error = std::strerror(rc);
    return result;
  }
  result.started = true;
  out_write.reset();
  err_write.reset();

  const auto deadline = Clock::now() + timeout;
  pollfd fds[2] = {{out_read.get(), POLLIN, 0}, {err_read.get(), POLLIN, 0}};
  int open_fds = 2;
  char buffer[65536];
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      result.timed_out = true;
      break;
    }
    int ready = ::poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      if (i == 0) {
        result.out.append(buffer, static_cast<size_t>(n));
        if (result.out.size() > max_output) result.too_large = true;
      } else if (result.err.size() < 4096) {
        result.err.append(buffer, std::min<size_t>(static_cast<size_t>(n), 4096 - result.err.size()));
      }
    }
    if (result.too_large) break;
  }
  if (result.timed_out || result.too_large) ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

// Typed look-ups that never throw on a wrong shape.
const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}
std::string string_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  return value && value->is_string() ? value->get<std::string>() : std::string();
}
int int_member(const json& object, std::string_view key, int fallback) {
  const json* value = member(object, key);
  return value && value->is_number_integer() ? value->get<int>() : fallback;
}
std::string nested_string(const json& object, std::initializer_list<std::string_view> keys) {
  const json* value = &object;
  for (std::string_view key : keys) {
    value = member(*value, key);
    if (!value) return {};
  }
  return value->is_string() ? value->get<std::string>() : std::string();
}

// The last segment of a URI or path, percent-decoded ("file:///tmp/x/a%20b.py" → "a b.py").
std::string last_segment(std::string_view uri) {
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  size_t slash = uri.find_last_of('/');
  std::string_view segment = slash == std::string_view::npos ? uri : uri.substr(slash + 1);
  std::string out;
  for (size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] == '%' && i + 2 < segment.size() && hex(segment[i + 1]) >= 0 && hex(segment[i + 2]) >= 0) {
      out += static_cast<char>(hex(segment[i + 1]) * 16 + hex(segment[i + 2]));
      i += 2;
      continue;
    }
    out += segment[i];
  }
  return out;
}

std::string first_line(std::string_view text) {
  std::string_view trimmed = trim(text);
  return sanitize_utf8(trimmed.substr(0, std::min(trimmed.find('\n'), size_t{200})));
}

}  // namespace

Severity severity_from_sarif_level(std::string_view level) {
  if (level == "error") return Severity::high;
  if (level == "note") return Severity::low;
  if (level == "none") return Severity::info;
  return Severity::medium;  // "warning", the SARIF default
}

Expected<SarifFindings> findings_from_sarif(std::string_view sarif_text, const VoteRequest& request,
                                            std::string_view voter_id, std::string_view default_category) {
  json log = json::parse(sarif_text, nullptr, /*allow_exceptions=*/false);
  if (log.is_discarded()) return fail(ErrorKind::input, "output is not JSON");
  if (string_member(log, "version") != "2.1.0") return fail(ErrorKind::input, "not a SARIF 2.1.0 log (version)");
  const json* runs = member(log, "runs");
  if (!runs || !runs->is_array()) return fail(ErrorKind::input, "not a SARIF 2.1.0 log (no runs)");

  const Chunk& chunk = *request.chunk;
  const std::vector<std::string>& taxonomy = request.reviewer->taxonomy;
  const std::string file_name = last_segment(chunk.path);
  SarifFindings out;
  for (const json& run : *runs) {
    const json* rules = nullptr;
    if (const json* tool = member(run, "tool"))
      if (const json* driver = member(*tool, "driver")) rules = member(*driver, "rules");
    if (rules && !rules->is_array()) rules = nullptr;
    const json* results = member(run, "results");
    if (!results || !results->is_array()) continue;
    for (const json& result : *results) {
      if (!result.is_object()) continue;
      // The rule: by ruleIndex, else by id.
      std::string rule_id = string_member(result, "ruleId");
      if (rule_id.empty()) rule_id = nested_string(result, {"rule", "id"});
      const json* rule = nullptr;
      if (rules) {
        int index = int_member(result, "ruleIndex", -1);
        if (index >= 0 && static_cast<size_t>(index) < rules->size()) rule = &(*rules)[static_cast<size_t>(index)];
        for (size_t i = 0; !rule && !rule_id.empty() && i < rules->size(); ++i)
          if (string_member((*rules)[i], "id") == rule_id) rule = &(*rules)[i];
      }
      if (rule_id.empty() && rule) rule_id = string_member(*rule, "id");
      if (rule_id.empty()) rule_id = std::string(voter_id);

      // Where: the first location, which must be this file and inside the chunk.
      const json* locations = member(result, "locations");
      if (!locations || !locations->is_array() || locations->empty()) continue;
      const json* physical = member((*locations)[0], "physicalLocation");
      if (!physical) continue;
      std::string uri = nested_string(*physical, {"artifactLocation", "uri"});
      if (!uri.empty() && last_segment(uri) != file_name) continue;
      const json* region = member(*physical, "region");
      if (!region) continue;
      int start_line = int_member(*region, "startLine", 0);
      int end_line = std::max(start_line, int_member(*region, "endLine", start_line));
      if (start_line < chunk.start_line || start_line > chunk.end_line) continue;

      std::string category = nested_string(result, {"properties", "category"});
      if (category.empty() && rule) category = nested_string(*rule, {"properties", "category"});
      if (category.empty()) category = std::string(default_category);
      if (category.empty() ||
          (!taxonomy.empty() && std::find(taxonomy.begin(), taxonomy.end(), category) == taxonomy.end())) {
        ++out.dropped;
        continue;
      }
      std::string level = string_member(result, "level");
      if (level.empty() && rule) level = nested_string(*rule, {"defaultConfiguration", "level"});

      Finding finding;
      finding.aspect = request.reviewer->name;
      finding.rule_id = sanitize_utf8(rule_id);
      finding.category = category;
      auto severity = parse_severity(nested_string(result, {"properties", "severity"}));
      finding.severity = severity ? *severity : severity_from_sarif_level(level);
      finding.path = chunk.path;
      finding.start_line = start_line;
      finding.end_line = end_line;
      finding.message = nested_string(result, {"message", "text"});
      if (finding.message.empty() && rule) finding.message = nested_string(*rule, {"shortDescription", "text"});
      if (finding.message.empty()) finding.message = rule_id;
      finding.message = sanitize_utf8(finding.message);
      if (const json* fixes = member(result, "fixes"); fixes && fixes->is_array() && !fixes->empty()) {
        std::string fix = nested_string((*fixes)[0], {"description", "text"});
        if (!fix.empty()) finding.suggestion = sanitize_utf8(fix);
      }
      finding.voter = std::string(voter_id);
      out.findings.push_back(std::move(finding));
    }
  }
  return out;
}

CommandVoter::CommandVoter(CommandVoterConfig config) : m_config(std::move(config)) {}

void CommandVoter::submit(const VoteRequest& request, BallotCallback done) {
  Ballot ballot;
  try {
    ballot = run(request);
  } catch (const std::exception& e) {
    ballot = abstention(fmt::format("command failed: {}", e.what()));
  }
  done(std::move(ballot));
}

Ballot CommandVoter::run(const VoteRequest& request) const {
  if (m_config.argv.empty()) return abstention("no command configured");
  const Chunk& chunk = *request.chunk;

  bool needs_file = false;
  for (const std::string& arg : m_config.argv) needs_file = needs_file || arg.find("{file}") != std::string::npos;
  std::optional<TempDir> temp;
  std::string file_path;
  if (needs_file) {
    if (!request.file || !request.file->has_post_image)
      return abstention(fmt::format("no post-image of {} to run the command on", chunk.path));
    temp.emplace();
    if (temp->path().empty()) return abstention("cannot create a temporary directory");
    std::filesystem::path target = temp->path() / std::filesystem::path(chunk.path).filename();
    std::ofstream stream(target, std::ios::binary);
    stream << request.file->post_image;
    stream.close();
    if (!stream) return abstention(fmt::format("cannot write {}", target.string()));
    file_path = target.string();
  }
  std::vector<std::string> argv;
  for (const std::string& arg : m_config.argv)
    argv.push_back(replace_all(replace_all(arg, "{file}", file_path), "{path}", chunk.path));

  ProcessResult process = run_process(argv, m_config.working_directory, m_config.timeout, m_config.max_output_bytes);
  if (!process.started) return abstention(fmt::format("cannot run {}: {}", argv[0], process.spawn_error));
  Ballot ballot;
  if (process.timed_out) ballot = abstention(fmt::format("timeout after {} ms", m_config.timeout.count()));
  else if (process.too_large) ballot = abstention(fmt::format("output over {} bytes", m_config.max_output_bytes));
  else if (process.signal != 0) ballot = abstention(fmt::format("killed by signal {}", process.signal));
  else if (trim(process.out).empty()) {
    ballot = abstention(process.exit_code == 0 ? std::string("no SARIF on stdout")
                                               : fmt::format("exit {}: {}", process.exit_code, first_line(process.err)));
  } else {
    auto parsed = findings_from_sarif(process.out, request, m_config.id, m_config.default_category);
    if (!parsed) {
      ballot = abstention(process.exit_code == 0
                              ? fmt::format("unparseable output: {}", parsed.error().message)
                              : fmt::format("exit {}: {}", process.exit_code, first_line(process.err)));
    } else {
      ballot.findings = std::move(parsed->findings);
      ballot.dropped = parsed->dropped;
    }
  }
  ballot.calls = 1;
  return ballot;
}

}  // namespace review
