// LLM voters: a Voter (reviewers/voter.h) that renders the chunk into a prompt variant,
// asks the shared LlmClient, and validates the answer into a Ballot. submit() returns at
// once; the ballot arrives from the client's I/O thread (or synchronously for cache hits,
// budget and deadline, like a built-in voter).
//
// Wiring (for the integrator):
//   auto client = LlmClient::create(config);            // once per run; Expected
//   auto voters = make_llm_voters(config, "security", 3, *client);
//   // or mix: make_llm_voter(spec, "security", ordinal, *client) next to built-in voters
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "git/chunk.h"
#include "reviewers/llm/llm_client.h"
#include "reviewers/llm/llm_config.h"
#include "reviewers/voter.h"

namespace review {

class LlmVoter final : public Voter {
 public:
  /// `id` e.g. "security.llm-1"; `spec` picks the variant, temperature and model.
  LlmVoter(std::string id, LlmVoterSpec spec, std::shared_ptr<LlmClient> client);

  std::string_view id() const override { return m_id; }
  VoterKind kind() const override { return VoterKind::llm; }
  /// Never throws; a failure is an abstention whose reason is one of "timeout", "HTTP 500",
  /// "rate-limited (HTTP 429)", "network error: …", "malformed response: …",
  /// "unparseable answer: …", "budget", "deadline", "cancelled".
  void submit(const VoteRequest& request, BallotCallback done) override;

  /// The request this voter would send for `chunk` (for `review plan` and tests).
  LlmRequest request_for(const Chunk& chunk, const ReviewerInfo& reviewer) const;

 private:
  std::string m_id;
  LlmVoterSpec m_spec;
  std::shared_ptr<LlmClient> m_client;
};

/// One LLM voter with id "<reviewer>.llm-<ordinal>" (ordinal 1-based).
std::unique_ptr<Voter> make_llm_voter(const LlmVoterSpec& spec, std::string_view reviewer, int ordinal,
                                      std::shared_ptr<LlmClient> client);

/// `count` LLM voters for `reviewer`: voter i uses config.voters[i] when configured,
/// otherwise variant i (each variant has its own temperature). Ids "<reviewer>.llm-1", …
std::vector<std::unique_ptr<Voter>> make_llm_voters(const LlmConfig& config, std::string_view reviewer, int count,
                                                    std::shared_ptr<LlmClient> client);

/// The estimate `review plan` prints for one LLM voter call; no network, no key needed.
struct LlmCallEstimate {
  std::string variant;
  std::string model;
  long tokens_in = 0;        ///< estimated prompt tokens (ceil(bytes/4) + framing)
  long max_tokens_out = 0;   ///< the max_tokens that would be sent
};
/// Estimates the call voter `spec` would make on `chunk` for `reviewer`, from the embedded
/// prompts (no redaction: the estimate is the same within a few tokens).
LlmCallEstimate estimate_llm_call(const LlmConfig& config, const LlmVoterSpec& spec, const ReviewerInfo& reviewer,
                                  const Chunk& chunk);

}  // namespace review
