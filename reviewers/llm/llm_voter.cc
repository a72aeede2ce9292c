// LlmVoter: prompt → LlmClient → answer_parser → Ballot.
#include "reviewers/llm/llm_voter.h"

#include <fmt/format.h>

#include "reviewers/llm/answer_parser.h"

namespace review {

namespace {

Ballot abstention(std::string reason) {
  Ballot b;
  b.abstained = true;
  b.abstain_reason = std::move(reason);
  return b;
}

LlmVoterSpec spec_for(const LlmConfig& config, int index) {
  if (index < static_cast<int>(config.voters.size())) return config.voters[static_cast<size_t>(index)];
  LlmVoterSpec spec;
  spec.variant = index;
  return spec;
}

}  // namespace

LlmVoter::LlmVoter(std::string id, LlmVoterSpec spec, std::shared_ptr<LlmClient> client)
    : m_id(std::move(id)), m_spec(std::move(spec)), m_client(std::move(client)) {}

LlmRequest LlmVoter::request_for(const Chunk& chunk, const ReviewerInfo& reviewer) const {
  LlmRequest request;
  request.prompt = build_prompt(m_client->prompts(), reviewer, chunk, m_spec.variant, m_client->redactor());
  if (m_spec.temperature) request.prompt.temperature = *m_spec.temperature;
  request.model = m_spec.model;
  return request;
}

void LlmVoter::submit(const VoteRequest& request, BallotCallback done) {
  if (!request.chunk || !request.reviewer) {
    done(abstention("invalid request"));
    return;
  }
  try {
    LlmRequest llm_request = request_for(*request.chunk, *request.reviewer);
    // The chunk and reviewer stay valid until `done` has returned (voter.h), so the
    // callback may read them.
    const Chunk* chunk = request.chunk;
    const ReviewerInfo* reviewer = request.reviewer;
    m_client->ask(std::move(llm_request), [this, chunk, reviewer, done = std::move(done)](LlmResult result) {
      Ballot ballot;
      try {
        ballot.calls = result.calls;
        ballot.cache_hit = result.cache_hit;
        ballot.tokens = result.tokens;
        if (result.outcome != LlmOutcome::answered) {
          ballot.abstained = true;
          ballot.abstain_reason = std::move(result.reason);
        } else if (auto parsed = parse_answer(result.text, *chunk, *reviewer, m_id)) {
          ballot.findings = std::move(parsed->findings);
          ballot.dropped = parsed->dropped;
        } else {
          m_client->note_unparseable();
          ballot.abstained = true;
          ballot.abstain_reason = parsed.error().message;
        }
      } catch (const std::exception& e) {
        ballot = abstention(fmt::format("internal error: {}", e.what()));
      }
      done(std::move(ballot));
    });
  } catch (const std::exception& e) {
    if (done) done(abstention(fmt::format("internal error: {}", e.what())));  // empty if moved into ask
  }
}

std::unique_ptr<Voter> make_llm_voter(const LlmVoterSpec& spec, std::string_view reviewer, int ordinal,
                                      std::shared_ptr<LlmClient> client) {
  return std::make_unique<LlmVoter>(fmt::format("{}.llm-{}", reviewer, ordinal), spec, std::move(client));
}

std::vector<std::unique_ptr<Voter>> make_llm_voters(const LlmConfig& config, std::string_view reviewer, int count,
                                                    std::shared_ptr<LlmClient> client) {
  std::vector<std::unique_ptr<Voter>> voters;
  for (int i = 0; i < count; ++i) voters.push_back(make_llm_voter(spec_for(config, i), reviewer, i + 1, client));
  return voters;
}

LlmCallEstimate estimate_llm_call(const LlmConfig& config, const LlmVoterSpec& spec, const ReviewerInfo& reviewer,
                                  const Chunk& chunk) {
  LlmCallEstimate estimate;
  estimate.model = spec.model.value_or(config.model);
  estimate.max_tokens_out = config.max_output_tokens;
  const auto& library = embedded_prompt_library();
  if (!library) {
    estimate.tokens_in = static_cast<long>((chunk.code.size() + 3) / 4);
    return estimate;
  }
  Prompt prompt = build_prompt(*library, reviewer, chunk, spec.variant, Redactor());
  estimate.variant = prompt.variant;
  estimate.tokens_in = estimate_prompt_tokens(prompt);
  return estimate;
}

}  // namespace review
